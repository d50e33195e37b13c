import { z } from "zod";

/** The one schema for the staff sign-in form. */
export const signInFormSchema = z.object({
  email: z
    .string({ message: "Please enter your email address." })
    .trim()
    .min(1, "Please enter your email address.")
    .max(254, "That email address is too long."),
  password: z.string({ message: "Please enter your password." }).min(1, "Please enter your password.").max(256, "That password is too long."),
  next: z.string().max(500).optional(),
});
export type SignInFieldErrors = Partial<Record<"email" | "password" | "form", string>>;
