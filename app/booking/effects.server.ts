import { RETRY_POLICIES, type JobQueue, type RetryPolicies } from "../jobs/queue.server";
import type { BookingLinks } from "./booking-links.server";
import type { Outbox } from "../mail/outbox.server";
import type { Env } from "../utils/env.server";

/** What booking changes need besides the database: the job queue (with its retry policies) and mail settings. */
export type BookingEffects = Outbox & {
  retry: RetryPolicies;
  /** Builds each booking's link (the token in it is signed, never stored). */
  links: BookingLinks;
  studioEmail: string;
  reminderHoursBefore: number;
  /** The studio's zone: reminders keep the local time across a clock change. */
  timeZone: string;
};

export function bookingEffects(
  env: Env,
  { jobs, links, retry = RETRY_POLICIES }: { jobs: JobQueue; links: BookingLinks; retry?: RetryPolicies },
): BookingEffects {
  return {
    jobs,
    links,
    retry,
    host: new URL(env.publicBaseUrl).hostname,
    studioEmail: env.mail.studioEmail,
    reminderHoursBefore: env.mail.reminderHoursBefore,
    timeZone: env.studio.timeZone,
  };
}
