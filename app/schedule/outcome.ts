import type { StaffRole } from "../../db/schema";
import type { AuditActor } from "../staff/audit.server";

/*
 * What a schedule change answers: done, with its value, or refused with words beside the fields
 * (the shape conform's `reply` takes), and the HTTP status the route answers with.
 */

export type Refused = {
  ok: false;
  status: 400 | 403 | 404 | 409 | 410 | 413;
  fieldErrors: Record<string, string[]>;
  formErrors: string[];
};
export type Outcome<T> = { ok: true; value: T } | Refused;

export const done = <T>(value: T): Outcome<T> => ({ ok: true, value });

/** A refusal: beside `field`, or for the whole form when `field` is null. */
export function refuse(message: string, field: string | null = null, status: Refused["status"] = 400): Refused {
  return field
    ? { ok: false, status, fieldErrors: { [field]: [message] }, formErrors: [] }
    : { ok: false, status, fieldErrors: {}, formErrors: [message] };
}

/** Who changes the schedule: the signed-in staff member, whose role decides what they may change. */
export type ScheduleActor = AuditActor & { id: string; role: StaffRole };

/**
 * A refusal thrown inside a transaction, so everything it already changed rolls back; `settle`
 * turns it back into the outcome.
 */
export class RefusedChange extends Error {
  constructor(readonly refused: Refused) {
    super(refused.formErrors[0] ?? Object.values(refused.fieldErrors)[0]?.[0] ?? "Refused");
    this.name = "RefusedChange";
  }
}

/** Runs a change, answering a thrown RefusedChange with its refusal. */
export async function settle<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return done(await work());
  } catch (error) {
    if (error instanceof RefusedChange) return error.refused;
    throw error;
  }
}
