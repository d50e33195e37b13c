import type { JobQueue } from "../jobs/queue.server";
import type { Env } from "../utils/env.server";

/** What booking changes need besides the database: the job queue and mail settings. */
export type BookingEffects = {
  jobs: JobQueue;
  studioEmail: string;
  reminderHoursBefore: number;
  /** Host for Message-IDs (from PUBLIC_BASE_URL). */
  host: string;
  /** The studio's zone: reminders keep the local time across a clock change. */
  timeZone: string;
};

export function bookingEffects(env: Env, jobs: JobQueue): BookingEffects {
  return {
    jobs,
    studioEmail: env.mail.studioEmail,
    reminderHoursBefore: env.mail.reminderHoursBefore,
    host: new URL(env.publicBaseUrl).hostname,
    timeZone: env.studio.timeZone,
  };
}
