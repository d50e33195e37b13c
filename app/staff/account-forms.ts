import { z } from "zod";
import type { StaffRole } from "../../db/schema/staff";

/*
 * The staff-accounts forms, one zod schema each, shared by the browser (conform validates as the
 * owner types) and the server (which parses the same schema again). Conform hands an empty field
 * over as undefined, so "required" is the message for a missing value. Only types come from the
 * schema: this module is also bundled for the browser.
 */

export const ROLE_OPTIONS = [
  { value: "staff", label: "Staff", hint: "Runs the schedule, rosters and attendance." },
  { value: "owner", label: "Owner", hint: "Everything staff do, plus accounts, prices, cancelling dates and refunds." },
] as const satisfies readonly { value: StaffRole; label: string; hint: string }[];

const roleField = z.enum(["staff", "owner"] as const satisfies readonly StaffRole[], { message: "Please choose a role." });

export const inviteSchema = z.object({
  email: z
    .string({ message: "Please enter their email address." })
    .trim()
    .toLowerCase()
    .max(254, "That email address is too long.")
    .pipe(z.email("Please enter a valid email address, like name@example.com.")),
  name: z
    .string({ message: "Please enter their name." })
    .trim()
    .min(2, "Please enter a name of at least 2 characters.")
    .max(100, "Please keep the name under 100 characters."),
  role: roleField,
});
export type InviteInput = z.output<typeof inviteSchema>;
export const INVITE_LABELS = { email: "Email", name: "Name", role: "Role" };

/** An account's page: change the role, or disable / re-enable the account. */
export const accountChangeSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("role"), role: roleField }),
    z.object({ intent: z.literal("disable") }),
    z.object({ intent: z.literal("enable") }),
  ],
  { message: "Please choose what to change." },
);
export const ROLE_LABELS = { role: "Role" };

/** The invitation's set-password form. The strength rule is the server's (passwordProblem). */
export const acceptInvitationSchema = z
  .object({
    password: z
      .string({ message: "Please choose a password." })
      .min(12, "Use at least 12 characters. A few unrelated words make a strong, memorable password.")
      .max(256, "That password is too long: 256 characters at most."),
    confirm: z.string({ message: "Please type the password again." }).max(256, "That password is too long: 256 characters at most."),
  })
  .refine((value) => value.password === value.confirm, { path: ["confirm"], message: "The two passwords don't match. Please type it again." });
export const ACCEPT_LABELS = { password: "Password", confirm: "Password again" };
