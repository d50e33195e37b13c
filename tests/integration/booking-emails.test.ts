import { eq } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startWorker, type Worker } from "../../app/inbound/worker.server";
import { kneeReading } from "../../emails/content/knee-reading";
import { bookings, emailMessages } from "../../db/schema";
import { startTestApp } from "../helpers/app";
import { deliverWebhook, submitBookingForm, validBooking } from "../helpers/booking";
import { useTestDatabase } from "../helpers/db";
import { signWebhook, startFakeStripe, type FakeStripe } from "../helpers/fake-stripe";
import { createOffering, createSlot } from "../helpers/fixtures";
import { startSmtpServer } from "../helpers/smtp";

const WEBHOOK_SECRET = "whsec_test_booking_emails";

/** The whole path: booking form → Stripe webhook → outbox → worker → a real SMTP server. */
describe("booking emails, end to end through the worker and SMTP", () => {
  const testDatabase = useTestDatabase({ poolMax: 10 });
  let fake: FakeStripe;
  let smtp: ReturnType<typeof startSmtpServer>;
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let worker: Worker;
  const signer = new Stripe("sk_test_signing_only");
  let ip = 0;

  beforeAll(async () => {
    fake = await startFakeStripe();
    smtp = startSmtpServer();
    const port = await smtp.listen();
    app = await startTestApp(testDatabase(), {
      STRIPE_SECRET_KEY: "sk_test_emails",
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_API_BASE: fake.url,
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      STUDIO_EMAIL: "studio@painfreeme.example",
      PUBLIC_BASE_URL: "https://book.painfreeme.example",
    });
    worker = await startWorker(app);
  });
  afterAll(async () => {
    await worker?.stop();
    await app?.stop();
    await smtp?.close();
    await fake?.close();
  });

  const db = () => testDatabase().db;
  const POLL = { timeout: 20_000, interval: 200 };
  const mailTo = (address: string) => smtp.received.filter((mail) => mail.envelopeTo.includes(address));

  async function bookAndPay(startsAt: Date, fields: Record<string, string>) {
    const offering = await createOffering(db(), { title: "Strength for Runners", priceMinor: 2400, defaultCapacity: 8 });
    const slot = await createSlot(db(), offering, startsAt);
    const form = validBooking(fields);
    expect((await submitBookingForm(slot.id, form, { clientIp: `10.20.0.${++ip}` })).status).toBe(303);
    const [booking] = await db().select().from(bookings).where(eq(bookings.customerEmail, form.email));
    const body = fake.event("checkout.session.completed", fake.completeSession(booking!.checkoutSessionId!));
    const deliver = () => deliverWebhook(body, signWebhook(signer, body, WEBHOOK_SECRET));
    return { form, booking: booking!, deliver };
  }

  it("a paid booking sends one confirmation (with invite and tailored reading) and one staff notice; replays before and after sending change nothing", async () => {
    const { form, booking, deliver } = await bookAndPay(new Date(Date.now() + 10 * 24 * 3_600_000), {
      painLocation: "outer",
      seats: "2",
    });
    await deliver();
    await deliver(); // replay before the worker has sent it (or while it sends)
    const [confirmation] = await vi.waitFor(() => {
      expect(mailTo(form.email)).not.toHaveLength(0);
      return mailTo(form.email);
    }, POLL);
    await vi.waitFor(() => expect(mailTo("studio@painfreeme.example")).not.toHaveLength(0), POLL);
    await deliver(); // replay after it was sent
    await Promise.all([deliver(), deliver()]);
    await new Promise((resolve) => setTimeout(resolve, 2_500)); // give a wrongly queued duplicate time to arrive

    const customerMail = mailTo(form.email);
    expect(customerMail).toHaveLength(1);
    expect(mailTo("studio@painfreeme.example")).toHaveLength(1);
    const parsed = confirmation!.parsed;
    expect(parsed.subject).toMatch(/Strength for Runners/);
    expect(parsed.messageId).toBeTruthy();
    const ics = parsed.attachments.find((attachment) => attachment.filename?.endsWith(".ics"));
    expect(ics?.content.toString()).toContain(`booking-${booking.id}@book.painfreeme.example`);
    const text = parsed.text ?? "";
    const outer = kneeReading.sections.find((section) => section.id === "outer")!;
    const overview = kneeReading.sections.find((section) => section.id === "overview")!;
    expect(text.indexOf(outer.title)).toBeGreaterThanOrEqual(0);
    expect(text.indexOf(outer.title)).toBeLessThan(text.indexOf(overview.title));
    expect(parsed.html || "").toContain(`https://book.painfreeme.example${app.effects.links.pathFor(booking.id)}`);

    // The studio's notice links to the date's roster and carries none of the intake.
    const staffText = mailTo("studio@painfreeme.example")[0]!.parsed.text ?? "";
    expect(form.painDuration).toBe("2-6-weeks");
    expect(staffText).toContain(`https://book.painfreeme.example/staff/roster/${booking.slotId}#booking-${booking.reference}`);
    expect(staffText).not.toMatch(/Two to six weeks|2-6-weeks|Outside of the knee/);

    const rows = await db().select().from(emailMessages).where(eq(emailMessages.bookingId, booking.id));
    expect(rows.find((r) => r.kind === "booking_confirmed")).toMatchObject({ status: "sent", attempts: 1 });
    expect(rows.find((r) => r.kind === "reminder")).toMatchObject({ status: "pending" });
  });

  it("a short-lead booking's confirmation carries the reminder checklist, and no separate reminder is scheduled", async () => {
    const { form, booking, deliver } = await bookAndPay(new Date(Date.now() + 6 * 3_600_000), { painLocation: "unsure" });
    await deliver();
    const [mail] = await vi.waitFor(() => {
      expect(mailTo(form.email)).not.toHaveLength(0);
      return mailTo(form.email);
    }, POLL);
    expect(mail!.parsed.text).toContain(kneeReading.checklist[0]!);
    const rows = await db().select().from(emailMessages).where(eq(emailMessages.bookingId, booking.id));
    expect(rows.map((r) => r.kind).sort()).toEqual(["booking_confirmed", "staff_new_booking"]);
  });
});
