import slugify from "@sindresorhus/slugify";
import { stringify } from "csv-stringify/sync";
import { DateTime } from "luxon";
import { formatMoney } from "../../emails/format/money";
import { zoneAbbreviation } from "../../emails/format/time";
import type { Database } from "../../db/client";
import { recordAudit, type AuditActor } from "../staff/audit.server";
import { loadRoster, PAID_BY_WORDS, type Roster, type RosterEntry } from "./roster.server";

/*
 * The roster as a spreadsheet: attendance and contact details, never the intake. csv-stringify
 * with `escape_formulas` (a name starting with =, +, - or @ is written with a leading ' so a
 * spreadsheet shows it instead of running it), a BOM (so Excel reads UTF-8 and accented names
 * survive), times in the studio's zone.
 */

const ATTENDANCE_WORDS = { attended: "Attended", no_show: "No-show" } as const;

const COLUMNS = [
  "Reference",
  "Name",
  "Email",
  "Phone",
  "Places",
  "Status",
  "Paid",
  "Paid by",
  "Refunded",
  "Attendance",
  "Session",
  "Booked at",
] as const;

function row(entry: RosterEntry, roster: Roster, timeZone: string, studioCurrency: string): string[] {
  const local = (at: Date) => `${DateTime.fromJSDate(at, { zone: timeZone }).toFormat("yyyy-MM-dd HH:mm")} ${zoneAbbreviation(at, timeZone)}`;
  const currency = entry.paid?.currency ?? studioCurrency;
  return [
    entry.reference,
    entry.name,
    entry.email ?? "",
    entry.phone ?? "",
    String(entry.seats),
    entry.status === "confirmed" ? "Confirmed" : entry.cancelledBy === "studio" ? "Cancelled by the studio" : "Cancelled",
    entry.paid ? formatMoney(entry.paid.amountMinor, currency) : "",
    // Payments recorded before the method was kept were all by card.
    entry.paid ? PAID_BY_WORDS[entry.paymentMethod ?? "card"] : "",
    entry.refunds.succeededMinor + entry.refunds.pendingMinor > 0 ? formatMoney(entry.refunds.succeededMinor + entry.refunds.pendingMinor, currency) : "",
    entry.attendance ? ATTENDANCE_WORDS[entry.attendance] : "",
    `${roster.offering.title}, ${local(roster.slot.startsAt)}`,
    local(entry.bookedAt),
  ];
}

/** The CSV text (with its BOM) of a roster's confirmed and cancelled bookings. */
export function rosterCsv(roster: Roster, { timeZone, currency }: { timeZone: string; currency: string }): string {
  const entries = [...roster.attendees, ...roster.cancelled];
  return stringify([[...COLUMNS], ...entries.map((entry) => row(entry, roster, timeZone, currency))], {
    bom: true,
    escape_formulas: true,
    record_delimiter: "windows",
  });
}

/** "roster-2027-03-30-knee-reset.csv": the date (studio zone) and the offering, ASCII only. */
export function rosterFileName(roster: Roster, timeZone: string): string {
  const day = DateTime.fromJSDate(roster.slot.startsAt, { zone: timeZone }).toISODate();
  const title = slugify(roster.offering.title).slice(0, 40).replace(/-+$/, "");
  return `roster-${day}${title ? `-${title}` : ""}.csv`;
}

/**
 * The export as staff take it: the file and its name, and an audit event saying who took the list
 * of names and how many rows (no personal data in it). Null when there is no such date.
 */
export async function exportRoster(
  db: Database,
  { actor, slotId, timeZone, currency, now }: { actor: AuditActor; slotId: string; timeZone: string; currency: string; now: Date },
): Promise<{ csv: string; fileName: string } | null> {
  const roster = await loadRoster(db, slotId);
  if (!roster) return null;
  const csv = rosterCsv(roster, { timeZone, currency });
  await recordAudit(db, {
    actor,
    action: "roster.exported",
    recordType: "slot",
    recordId: slotId,
    changes: { after: { rows: roster.attendees.length + roster.cancelled.length } },
    now,
  });
  return { csv, fileName: rosterFileName(roster, timeZone) };
}
