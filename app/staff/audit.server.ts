import { and, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client";
import { auditEvents, type AuditChanges, type AuditEvent } from "../../db/schema";

/** Who did it: a signed-in staff member, or the command line (staff:add, staff:password). */
export type AuditActor = { id: string; name: string } | { id: null; name: "command line" };
export const COMMAND_LINE: AuditActor = { id: null, name: "command line" };

/** What staff did, named once: the Activity filter offers these. */
export const AUDIT_ACTIONS = {
  "staff.signed_in": "Signed in",
  "staff.signed_out": "Signed out",
  "staff.account_created": "Created a staff account",
  "staff.password_reset": "Reset a password",
  "staff.demo_account_removed": "Removed the demo account",
  "staff.invited": "Invited a colleague",
  "staff.invitation_withdrawn": "Withdrew an invitation",
  "staff.invitation_accepted": "Accepted an invitation (account created)",
  "staff.role_changed": "Changed a role",
  "staff.account_disabled": "Disabled an account",
  "staff.account_enabled": "Re-enabled an account",
  "offering.created": "Created an offering",
  "offering.updated": "Edited an offering",
  "offering.archived": "Archived an offering",
  "offering.restored": "Restored an offering",
  "instructor.created": "Added an instructor",
  "instructor.updated": "Edited an instructor",
  "offering.photo_set": "Set an offering's photo",
  "offering.photo_removed": "Removed an offering's photo",
  "instructor.photo_set": "Set an instructor's photo",
  "instructor.photo_removed": "Removed an instructor's photo",
  "date.created": "Added a date",
  "date.updated": "Edited a date",
  "date.skipped": "Skipped a date of a series",
  "date.cancelled": "Cancelled a date",
  "series.created": "Created a weekly series",
  "series.updated": "Edited a series (this and later dates)",
  "booking.made_at_studio": "Made a booking at the studio",
  "booking.attendance_marked": "Marked attendance",
  "booking.refunded": "Refunded part of a booking",
  "booking.cancelled": "Cancelled a booking",
  "booking.moved": "Moved a booking to another date",
  "booking.confirmation_resent": "Resent a confirmation",
  "roster.exported": "Exported a roster (CSV)",
} as const;
export type AuditAction = keyof typeof AUDIT_ACTIONS;

/**
 * Writes one audit row in the caller's transaction, so it exists exactly when the change does.
 * `changes` is a short before/after of the fields that changed: never health data, never secrets.
 */
export async function recordAudit(
  tx: Database,
  {
    actor,
    action,
    recordType,
    recordId,
    changes = {},
    now,
  }: { actor: AuditActor; action: AuditAction; recordType: string; recordId: string | null; changes?: AuditChanges; now: Date },
): Promise<void> {
  await tx.insert(auditEvents).values({
    staffUserId: actor.id,
    staffName: actor.name,
    action,
    recordType,
    recordId,
    changes,
    occurredAt: now,
  });
}

/** The fields that changed between two versions of a record, as `changes` keeps them. */
export function auditDiff<T extends Record<string, unknown>>(before: T | null, after: T, keys: readonly (keyof T & string)[]): AuditChanges {
  const changed = keys.filter((key) => !before || JSON.stringify(before[key]) !== JSON.stringify(after[key]));
  if (changed.length === 0) return {};
  const pick = (row: T) => Object.fromEntries(changed.map((key) => [key, row[key] instanceof Date ? (row[key] as Date).toISOString() : row[key]]));
  return before ? { before: pick(before), after: pick(after) } : { after: pick(after) };
}

export type AuditFilter = { staffUserId?: string; action?: AuditAction; from?: Date; to?: Date; before?: Date };

/** Newest first, one page at a time (`before` is the last row's time). */
export async function listAuditEvents(db: Database, filter: AuditFilter, limit = 50): Promise<AuditEvent[]> {
  const where: SQL[] = [];
  if (filter.staffUserId) where.push(eq(auditEvents.staffUserId, filter.staffUserId));
  if (filter.action) where.push(eq(auditEvents.action, filter.action));
  if (filter.from) where.push(gte(auditEvents.occurredAt, filter.from));
  if (filter.to) where.push(lt(auditEvents.occurredAt, filter.to));
  if (filter.before) where.push(lt(auditEvents.occurredAt, filter.before));
  return db
    .select()
    .from(auditEvents)
    .where(where.length > 0 ? and(...where) : undefined)
    .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
    .limit(limit);
}
