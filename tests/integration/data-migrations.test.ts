import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBookingByToken } from "../../app/booking/booking-details.server";
import { bookingLinks } from "../../app/booking/booking-links.server";
import { MIGRATIONS_FOLDER, migrateDatabase } from "../../db/migrate";
import { bookings, emailMessages, refunds } from "../../db/schema";
import { openEmptyDatabase, type TestDatabase } from "../helpers/db";

/** The migrations folder as it stood after its first `count` migrations. */
function migrationsUpTo(count: number): string {
  const folder = mkdtempSync(path.join(tmpdir(), "pfm-migrations-"));
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = path.join(folder, "meta/_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: unknown[] };
  journal.entries = journal.entries.slice(0, count);
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

/**
 * A database from before refunds were records and links were signed, with the rows an earlier
 * version wrote, migrated to today: nothing is lost and old links keep working.
 */
describe("data migrations", () => {
  let database: TestDatabase;
  let cleanup: () => Promise<void>;
  let oldFolder: string;
  const OLD_TOKEN = "OldStyleToken_0123456789ab";

  beforeAll(async () => {
    ({ database, cleanup } = await openEmptyDatabase());
    oldFolder = migrationsUpTo(4); // 0000–0003: bookings with money states and plain tokens
    await migrateDatabase(database, { migrationsFolder: oldFolder });
    const db = database.db;
    await db.execute(sql`
      insert into offerings (id, kind, slug, title, summary, description, duration_minutes, price_minor, currency, default_capacity, location)
      values ('00000000-0000-4000-8000-0000000000aa', 'workshop', 'old-workshop', 'Old workshop', 's', 'd', 60, 2500, 'GBP', 10, 'Studio')`);
    await db.execute(sql`
      insert into slots (id, offering_id, starts_at, ends_at, capacity, seats_taken)
      values ('00000000-0000-4000-8000-0000000000bb', '00000000-0000-4000-8000-0000000000aa', '2027-05-01T17:00:00Z', '2027-05-01T18:00:00Z', 10, 1)`);
    const booking = (id: string, reference: string, token: string, status: string, refunded: number, extra: string) =>
      db.execute(
        sql.raw(`
        insert into bookings (id, reference, slot_id, seats, customer_name, customer_email, status, amount_total_minor,
          amount_refunded_minor, currency, access_token, unit_price_minor, holds_seats, amount_paid_minor, paid_at,
          payment_intent_id, refund_id, status_reason, pain_location)
        values ('${id}', '${reference}', '00000000-0000-4000-8000-0000000000bb', 1, 'Ann Runner', 'ann@example.com',
          '${status}', 2500, ${refunded}, 'GBP', '${token}', 2500, ${extra})`),
      );
    await booking("00000000-0000-4000-8000-000000000001", "PFM-LATE", "tok-late-0123456789", "refunded", 2500,
      "false, 2500, now(), 'pi_late', 're_late', 'paid after its places were taken: refunded in full', 'front'");
    await booking("00000000-0000-4000-8000-000000000002", "PFM-FULL", "tok-full-0123456789", "refunded", 2500,
      "false, 2500, now(), 'pi_full', null, 'refunded in full', 'outer'");
    await booking("00000000-0000-4000-8000-000000000003", "PFM-PART", OLD_TOKEN, "partially_refunded", 1000,
      "true, 2500, now(), 'pi_part', null, 'partly refunded', 'tendon'");
    await db.execute(sql`
      insert into email_messages (booking_id, kind, sequence, to_address, message_id, payload)
      values ('00000000-0000-4000-8000-000000000002', 'booking_refunded', 0, 'ann@example.com', '<m1@x>', '{"refundedMinor":2500,"full":true}')`);
    await migrateDatabase(database);
  });
  afterAll(async () => {
    await cleanup?.();
    rmSync(oldFolder, { recursive: true, force: true });
  });

  it("turns money states into the booking's life and refund rows, losing no refund", async () => {
    const rows = await database.db.select().from(bookings).orderBy(asc(bookings.reference));
    const byRef = Object.fromEntries(rows.map((row) => [row.reference, row]));
    expect(byRef["PFM-LATE"]).toMatchObject({ status: "expired", paymentProblem: "places_gone", paidCurrency: "GBP" });
    expect(byRef["PFM-FULL"]).toMatchObject({ status: "cancelled", cancelledBy: "studio" });
    expect(byRef["PFM-PART"]).toMatchObject({ status: "confirmed", holdsSeats: true });
    const money = await database.db.select().from(refunds).orderBy(asc(refunds.amountMinor));
    expect(money.map((row) => [row.bookingId.slice(-1), row.amountMinor, row.status, row.requestedBy])).toEqual([
      ["3", 1000, "succeeded", "stripe_dashboard"],
      ["1", 2500, "succeeded", "system"],
      ["2", 2500, "succeeded", "stripe_dashboard"],
    ]);
    const [mail] = await database.db.select().from(emailMessages);
    expect(mail!.kind).toBe("booking_cancelled");
  });

  it("keeps no link in the database, yet an old link still opens its booking", async () => {
    const dump = JSON.stringify(await database.db.execute(sql`select * from bookings`));
    for (const token of [OLD_TOKEN, "tok-late-0123456789", "tok-full-0123456789"]) expect(dump).not.toContain(token);
    const links = bookingLinks({ secret: "a-secret-for-the-migration-test-0123456789" });
    const found = await getBookingByToken(database.db, links, OLD_TOKEN);
    expect(found?.booking.reference).toBe("PFM-PART");
    expect(await getBookingByToken(database.db, links, "OldStyleToken_0123456789aX")).toBeNull();
    // Its later emails carry the new link, which opens it too.
    const fresh = links.tokenFor(found!.booking.id);
    expect(fresh).not.toBe(OLD_TOKEN);
    expect((await getBookingByToken(database.db, links, fresh))?.booking.id).toBe(found!.booking.id);
    expect(await database.db.select().from(bookings).where(eq(bookings.reference, "PFM-PART"))).toHaveLength(1);
  });
});
