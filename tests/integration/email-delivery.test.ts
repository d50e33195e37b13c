import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import ical, { type VEvent } from "node-ical";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { bookingLinks } from "../../app/booking/booking-links.server";
import { startWorker } from "../../app/inbound/worker.server";
import { captureLogs } from "../helpers/logs";
import { startSmtpServer } from "../helpers/smtp";
import { createLocalMailer, createMailer, createSmtpMailer } from "../../app/mail/create-mailer.server";
import { getDevMailboxMessage, listDevMailbox } from "../../app/mail/dev-mailbox.server";
import type { Mailer } from "../../app/mail/mailer.server";
import { queueEmail } from "../../app/mail/outbox.server";
import type { SendEmailEnv } from "../../app/booking/booking-emails.server";
import { sendEmailMessage } from "../../app/booking/send-booking-email.server";
import { parseEnv } from "../../app/utils/env.server";
import type { Database } from "../../db/client";
import {
  devMailboxMessages,
  emailMessages,
  type EmailKind,
  type NewBooking,
  type Slot,
} from "../../db/schema";
import { sectionsForLocation } from "../../emails/content/knee-reading";
import { startTestApp } from "../helpers/app";
import { useTestDatabase } from "../helpers/db";
import { createBooking, createInstructor, createOffering, createSlot } from "../helpers/fixtures";

const BASE_URL = "https://painfreeme.example";
const STUDIO_EMAIL = "hello@painfreeme.example";
// 18:30–19:30 in London (BST), 17:30Z in UTC and 13:30 in the test process's zone (New York):
// only the studio-zone rendering prints 18:30.
const STARTS_AT = new Date("2027-06-15T17:30:00Z");
const NOW = new Date("2027-06-01T09:00:00Z");
const links = bookingLinks({ secret: "email-delivery-test-secret-of-32-chars-or-more" });

const sendEnv = (smtpUrl?: string): SendEmailEnv => ({
  publicBaseUrl: BASE_URL,
  studio: {
    name: "Pain Free Me Studio",
    timeZone: "Europe/London",
    currency: "GBP",
    address: "Unit 4, Riverside Yard, 12 Mill Lane, London SE1 7AB",
    phone: "020 7946 0321",
  },
  mail: { smtpUrl, requireTls: false, from: `Pain Free Me Studio <${STUDIO_EMAIL}>`, studioEmail: STUDIO_EMAIL, reminderHoursBefore: 24 },
});

const insertBooking = (db: Database, slot: Slot, overrides: Partial<NewBooking> = {}) =>
  createBooking(db, slot, { confirmedAt: NOW, ...overrides });

async function insertEmail(
  db: Database,
  booking: { id: string; customerEmail: string | null },
  kind: EmailKind,
  { payload = {}, sequence = 0, to = booking.customerEmail! }: { payload?: object; sequence?: number; to?: string } = {},
) {
  const [row] = await db
    .insert(emailMessages)
    .values({
      bookingId: booking.id,
      kind,
      sequence,
      toAddress: to,
      payload: JSON.stringify(payload),
      messageId: `<${kind}.${sequence}.${booking.id}.${randomUUID().slice(0, 8)}@painfreeme.example>`,
      sendAfter: NOW,
    })
    .returning();
  return row!;
}

async function emailRow(db: Database, id: string) {
  const [row] = await db.select().from(emailMessages).where(eq(emailMessages.id, id));
  return row!;
}

function icsEvents(content: string | Buffer) {
  const parsed = ical.sync.parseICS(content.toString());
  return Object.values(parsed).filter((item): item is VEvent => item?.type === "VEVENT");
}

describe("email delivery", () => {
  const testDatabase = useTestDatabase();
  const smtp = startSmtpServer();
  let smtpUrl: string;
  let mailer: Mailer;
  let slot: Slot;

  beforeAll(async () => {
    const port = await smtp.listen();
    smtpUrl = `smtp://127.0.0.1:${port}`;
    mailer = createSmtpMailer(smtpUrl, { ignoreTLS: true });
    const db = testDatabase().db;
    const offering = await createOffering(db, { title: "Knee Reset Workshop", durationMinutes: 60, defaultCapacity: 30 });
    slot = await createSlot(db, offering, STARTS_AT, { instructorId: (await createInstructor(db, "Sam Okafor")).id });
  });
  afterAll(async () => {
    await mailer?.close();
    await smtp.close();
  });
  afterEach(() => {
    smtp.state.failNext = 0;
    vi.restoreAllMocks();
  });

  const deliveredWith = (messageId: string) => smtp.received.filter((mail) => mail.parsed.messageId === messageId);

  it("delivers a confirmation once: subject and times in the studio's zone, a matching .ics, the customer's reading first", async () => {
    const db = testDatabase().db;
    const booking = await insertBooking(db, slot);
    const row = await insertEmail(db, booking, "booking_confirmed", { payload: { includeReminderChecklist: false } });

    expect(await sendEmailMessage(db, mailer, { emailMessageId: row.id, now: NOW, env: sendEnv(smtpUrl), links })).toBe("sent");

    const mails = deliveredWith(row.messageId);
    expect(mails).toHaveLength(1);
    const { parsed, envelopeTo } = mails[0]!;
    expect(envelopeTo).toEqual([booking.customerEmail]);
    expect(parsed.subject).toBe("You're booked: Knee Reset Workshop, Tue 15 Jun, 18:30");
    expect(parsed.text).toContain("18:30–19:30 BST");
    expect(parsed.html || "").toContain("18:30–19:30 BST");
    expect(parsed.text).not.toContain("13:30");
    expect(parsed.replyTo?.text).toBe(STUDIO_EMAIL);
    expect(parsed.text).toContain(`${BASE_URL}/bookings/${links.tokenFor(booking.id)}`);

    const ics = parsed.attachments.find((attachment) => attachment.filename === "booking.ics");
    expect(ics?.contentType).toBe("text/calendar");
    const events = icsEvents(ics!.content);
    expect(events).toHaveLength(1);
    expect(events[0]!.uid).toBe(`booking-${booking.id}@painfreeme.example`);
    expect(new Date(events[0]!.start).toISOString()).toBe(slot.startsAt.toISOString());
    expect(new Date(events[0]!.end!).toISOString()).toBe(slot.endsAt.toISOString());

    // The reading: the tendon section in full, before a teaser for each of the others.
    const [own, ...others] = sectionsForLocation("tendon");
    const text = parsed.text ?? "";
    const ownAt = text.indexOf(own!.title);
    const restAt = text.indexOf("More in the guide");
    expect(ownAt).toBeGreaterThan(-1);
    expect(ownAt).toBeLessThan(restAt);
    for (const section of others) expect(text.indexOf(section.title)).toBeGreaterThan(restAt);

    const after = await emailRow(db, row.id);
    expect(after).toMatchObject({ status: "sent", attempts: 1, lastError: null });
    expect(after.sentAt?.toISOString()).toBe(NOW.toISOString());
  });

  it("sends the staff notice to the studio with a link to the roster (never the intake), replying to the customer", async () => {
    const db = testDatabase().db;
    const booking = await insertBooking(db, slot);
    const row = await insertEmail(db, booking, "staff_new_booking", { to: STUDIO_EMAIL });

    expect(await sendEmailMessage(db, mailer, { emailMessageId: row.id, now: NOW, env: sendEnv(smtpUrl), links })).toBe("sent");
    const [mail] = deliveredWith(row.messageId);
    expect(mail?.envelopeTo).toEqual([STUDIO_EMAIL]);
    // The name between Unicode isolates survives the trip through SMTP (an encoded-word subject).
    expect(mail?.parsed.subject).toContain("New booking: \u2068Ann Runner\u2069, 1 place");
    expect(mail?.parsed.text).toContain(`/staff/roster/${slot.id}#booking-${booking.reference}`);
    expect(mail?.parsed.text).not.toContain("Six weeks to six months");
    expect(mail?.parsed.text).not.toContain("Worse on stairs.");
    expect(mail?.parsed.replyTo?.text).toBe(booking.customerEmail);
  });

  it("retries through temporary SMTP failures and delivers exactly once; a replay after that is skipped", async () => {
    const db = testDatabase().db;
    const booking = await insertBooking(db, slot);
    const row = await insertEmail(db, booking, "booking_confirmed", { payload: { includeReminderChecklist: true } });
    const failures = 3;
    smtp.state.failNext = failures;

    // What pg-boss does: run the job again after each failure.
    let calls = 0;
    let outcome: string | undefined;
    while (outcome === undefined && calls < 10) {
      calls += 1;
      try {
        outcome = await sendEmailMessage(db, mailer, { emailMessageId: row.id, now: NOW, env: sendEnv(smtpUrl), links });
      } catch (error) {
        expect(String(error)).toContain("451");
        const during = await emailRow(db, row.id);
        expect(during).toMatchObject({ status: "pending", attempts: calls });
        expect(during.lastError).toContain("451");
      }
    }
    expect(outcome).toBe("sent");
    expect(calls).toBe(failures + 1);
    expect(deliveredWith(row.messageId)).toHaveLength(1);
    expect(await emailRow(db, row.id)).toMatchObject({ status: "sent", attempts: failures + 1, lastError: null });

    // A replayed job (or a duplicate) finds the row sent and sends nothing.
    expect(await sendEmailMessage(db, mailer, { emailMessageId: row.id, now: NOW, env: sendEnv(smtpUrl), links })).toBe("skipped");
    expect(deliveredWith(row.messageId)).toHaveLength(1);
  });

  it("marks the row failed, with the error, when the last attempt fails", async () => {
    const db = testDatabase().db;
    const booking = await insertBooking(db, slot);
    const row = await insertEmail(db, booking, "booking_confirmed", { payload: {} });
    smtp.state.failNext = 1;
    const logs = captureLogs();
    try {
      await expect(
        sendEmailMessage(db, mailer, { emailMessageId: row.id, now: NOW, env: sendEnv(smtpUrl), links, isLastAttempt: true }),
      ).rejects.toThrow(/451/);
    } finally {
      logs.restore();
    }

    const after = await emailRow(db, row.id);
    expect(after).toMatchObject({ status: "failed", attempts: 1, sentAt: null });
    expect(after.lastError).toContain("451");
    expect(deliveredWith(row.messageId)).toHaveLength(0);
    // The log names the booking and the SMTP reply code; the error's text (which may quote the
    // recipient) stays in the row.
    const [line] = logs.lines.filter((entry) => entry.msg.includes("Email NOT delivered"));
    expect(line?.msg).toContain(`booking ${booking.reference}`);
    expect(line?.err).toMatchObject({ status: 451 });
    expect(line?.err).not.toHaveProperty("message");
    expect(logs.text()).not.toContain(booking.customerEmail);
  });

  it("cancels the reminder of a cancelled booking instead of sending it", async () => {
    const db = testDatabase().db;
    const booking = await insertBooking(db, slot, { status: "cancelled", cancelledBy: "studio", holdsSeats: false });
    const row = await insertEmail(db, booking, "reminder");
    const before = smtp.received.length;

    expect(await sendEmailMessage(db, mailer, { emailMessageId: row.id, now: NOW, env: sendEnv(smtpUrl), links })).toBe("cancelled");
    expect(smtp.received.length).toBe(before);
    expect(await emailRow(db, row.id)).toMatchObject({ status: "cancelled", attempts: 0, sentAt: null });
    // And a replay stays quiet.
    expect(await sendEmailMessage(db, mailer, { emailMessageId: row.id, now: NOW, env: sendEnv(smtpUrl), links })).toBe("skipped");
  });

  it("sends a full refund with a calendar cancellation, and the late-payment apology without one", async () => {
    const db = testDatabase().db;
    const refunded = await insertBooking(db, slot, {
      status: "cancelled",
      cancelledBy: "studio",
      holdsSeats: false,
      calendarSequence: 1,
    });
    const refundRow = await insertEmail(db, refunded, "booking_cancelled", { payload: { refundedMinor: 2500 } });
    const late = await insertBooking(db, slot, { status: "expired", paymentProblem: "places_gone", holdsSeats: false });
    const lateRow = await insertEmail(db, late, "late_payment_refunded", { payload: { problem: "places_gone" } });

    for (const row of [refundRow, lateRow]) {
      expect(await sendEmailMessage(db, mailer, { emailMessageId: row.id, now: NOW, env: sendEnv(smtpUrl), links })).toBe("sent");
    }
    const [refundMail] = deliveredWith(refundRow.messageId);
    expect(refundMail?.parsed.subject).toBe("Cancelled: Knee Reset Workshop, Tue 15 Jun, 18:30. £25 refunded");
    const cancellation = refundMail?.parsed.attachments.find((attachment) => attachment.filename === "cancellation.ics");
    const [event] = icsEvents(cancellation!.content);
    expect(event?.uid).toBe(`booking-${refunded.id}@painfreeme.example`);
    expect(Number(event?.sequence)).toBe(1);

    const [lateMail] = deliveredWith(lateRow.messageId);
    expect(lateMail?.parsed.subject).toBe("Sorry, Knee Reset Workshop filled up: your £25 is being refunded");
    expect(lateMail?.parsed.text).toContain("is on its way");
    expect(lateMail?.parsed.attachments).toHaveLength(0);
  });

  it("keeps emails in the demo mailbox when there is no SMTP server", async () => {
    const db = testDatabase().db;
    const env = parseEnv({ PUBLIC_BASE_URL: BASE_URL, LOG_REQUESTS: "false" }, "demo");
    expect(createMailer(env, db).kind).toBe("local");

    const local = createLocalMailer(db);
    const booking = await insertBooking(db, slot);
    const row = await insertEmail(db, booking, "booking_confirmed", { payload: { includeReminderChecklist: false } });
    expect(await sendEmailMessage(db, local, { emailMessageId: row.id, now: NOW, env: sendEnv(), links })).toBe("sent");

    const [stored] = await db.select().from(devMailboxMessages).where(eq(devMailboxMessages.messageId, row.messageId));
    expect(stored).toMatchObject({ to: booking.customerEmail, subject: "You're booked: Knee Reset Workshop, Tue 15 Jun, 18:30" });
    expect(stored!.html).toContain("<html");
    expect(stored!.text).toContain("18:30–19:30 BST");
    expect(stored!.attachments).toEqual([
      expect.objectContaining({ filename: "booking.ics", contentType: expect.stringContaining("text/calendar") }),
    ]);
    expect(icsEvents(stored!.attachments[0]!.content)[0]?.uid).toBe(`booking-${booking.id}@painfreeme.example`);

    const listed = await listDevMailbox(db);
    expect(listed[0]).toMatchObject({ id: stored!.id, subject: stored!.subject, attachmentCount: 1 });
    expect((await getDevMailboxMessage(db, stored!.id))?.id).toBe(stored!.id);
    expect(await getDevMailboxMessage(db, "not-a-uuid")).toBeNull();
    expect(await getDevMailboxMessage(db, randomUUID())).toBeNull();
  });

  it("in production mail leaves only over TLS: smtp:// without STARTTLS fails, unless SMTP_ALLOW_PLAINTEXT=true", async () => {
    const db = testDatabase().db;
    // The test server offers no STARTTLS, like a plain local relay.
    const production = (extra: Record<string, string> = {}) =>
      parseEnv(
        {
          DATABASE_URL: "postgres://studio@db/studio",
          PUBLIC_BASE_URL: BASE_URL,
          STUDIO_ADDRESS: "1 High Street, London",
          STRIPE_SECRET_KEY: "sk_live_abc123",
          STRIPE_WEBHOOK_SECRET: "whsec_abc123",
          BOOKING_LINK_SECRET: "a-production-secret-of-at-least-32-characters",
          SESSION_SECRET: "a-production-session-secret-of-32-characters",
          SMTP_URL: smtpUrl,
          MAIL_FROM: `Pain Free Me Studio <${STUDIO_EMAIL}>`,
          STUDIO_EMAIL,
          ...extra,
        },
        "production",
      );
    const email = (messageId: string) => ({
      from: STUDIO_EMAIL,
      to: "tls-check@example.test",
      subject: "TLS check",
      html: "<p>TLS check</p>",
      text: "TLS check",
      messageId,
      attachments: [],
    });

    const strict = createMailer(production(), db);
    try {
      await expect(strict.send(email("<tls-required@painfreeme.example>"))).rejects.toThrow(/STARTTLS/);
    } finally {
      await strict.close();
    }
    expect(deliveredWith("<tls-required@painfreeme.example>")).toHaveLength(0);

    const relay = createMailer(production({ SMTP_ALLOW_PLAINTEXT: "true" }), db);
    try {
      await relay.send(email("<plaintext-relay@painfreeme.example>"));
    } finally {
      await relay.close();
    }
    expect(deliveredWith("<plaintext-relay@painfreeme.example>")).toHaveLength(1);
  });

  it("the worker sends an email queued in a booking transaction", async () => {
    const database = testDatabase();
    const app = await startTestApp(database, { SMTP_URL: smtpUrl, PUBLIC_BASE_URL: BASE_URL });
    const worker = await startWorker(app);
    try {
      expect(app.mailer.kind).toBe("smtp");
      const booking = await insertBooking(database.db, slot);
      const id = await database.db.transaction((tx) =>
        queueEmail(tx, app.effects, {
          bookingId: booking.id,
          kind: "booking_confirmed",
          to: booking.customerEmail,
          sendAfter: new Date(),
          payload: { includeReminderChecklist: false },
        }),
      );
      const row = await vi.waitFor(
        async () => {
          const current = await emailRow(database.db, id!);
          expect(current.status).toBe("sent");
          return current;
        },
        { timeout: 15_000, interval: 100 },
      );
      expect(row.attempts).toBe(1);
      expect(deliveredWith(row.messageId)).toHaveLength(1);
    } finally {
      await worker.stop();
      await app.stop();
    }
  });
});
