import { z } from "zod";

/*
 * The roster's one form: a booking's attendance mark, sent by one of its buttons (Attended,
 * No-show, Clear). Shared by the page and its action, which parses it again.
 */

export const ATTENDANCE_CHOICES = ["attended", "no_show", "clear"] as const;
export type AttendanceChoice = (typeof ATTENDANCE_CHOICES)[number];

export const attendanceSchema = z.object({
  bookingId: z.string({ message: "That booking isn't on this roster." }).uuid("That booking isn't on this roster."),
  attendance: z.enum(ATTENDANCE_CHOICES, { message: "Please choose Attended, No-show or Clear." }),
});

/** The words for a mark, as the roster and its printout show it. */
export const ATTENDANCE_WORDS = { attended: "Attended", no_show: "No-show" } as const;
