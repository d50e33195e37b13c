import { eq } from "drizzle-orm";
import { beforeAll, afterAll, describe, expect, it, vi } from "vitest";
import { startWorker } from "../../app/inbound/worker.server";
import { queueEmail } from "../../app/mail/outbox.server";
import { emailMessages } from "../../db/schema";
import { useBookingApp } from "../helpers/booking-app";
import { createBooking } from "../helpers/fixtures";
import { captureLogs } from "../helpers/logs";
import { startSmtpServer } from "../helpers/smtp";

/** Short retries: three attempts, a second apart, so the real worker's retries run within a test. */
const QUICK = { retryLimit: 2, retryDelay: 1, retryBackoff: false };
const POLL = { timeout: 30_000, interval: 200 };

/** Retries through the real worker (pg-boss) and real wires: an SMTP server that says 451, a Stripe that is down. */
describe("retries through the worker", () => {
  const smtp = startSmtpServer();
  let smtpUrl = "";
  beforeAll(async () => {
    smtpUrl = `smtp://127.0.0.1:${await smtp.listen()}`;
  });
  afterAll(() => smtp.close());
  const world = useBookingApp({ retry: { email: QUICK, refund: QUICK }, extraSettings: () => ({ SMTP_URL: smtpUrl }) });
  const { db, app, fake, privateSlot, workshopSlot, bookingFor, emailsFor, refundsFor, bookAndCheckout } = world;
  let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
  beforeAll(async () => {
    worker = await startWorker(app());
  });
  afterAll(async () => {
    await worker?.stop();
  });

  async function queueConfirmation() {
    const slot = await workshopSlot();
    const booking = await createBooking(db(), slot);
    const id = await db().transaction((tx) =>
      queueEmail(tx, app().effects, {
        bookingId: booking.id,
        kind: "booking_confirmed",
        to: booking.customerEmail,
        sendAfter: new Date(),
        payload: { includeReminderChecklist: false },
      }),
    );
    return id!;
  }
  const emailRow = async (id: string) => (await db().select().from(emailMessages).where(eq(emailMessages.id, id)))[0]!;
  const deliveredWith = (messageId: string) => smtp.received.filter((mail) => mail.parsed.messageId === messageId);

  it("an email the server refuses twice is retried and delivered exactly once", async () => {
    smtp.state.failNext = 2;
    const id = await queueConfirmation();
    const sent = await vi.waitFor(async () => {
      const row = await emailRow(id);
      expect(row.status).toBe("sent");
      return row;
    }, POLL);
    expect(sent.attempts).toBe(3);
    expect(deliveredWith(sent.messageId)).toHaveLength(1);
  });

  it("an email refused every time is marked failed after its last attempt, with the error", async () => {
    const logs = captureLogs();
    smtp.state.failNext = 1_000;
    try {
      const id = await queueConfirmation();
      const failed = await vi.waitFor(async () => {
        const row = await emailRow(id);
        expect(row.status).toBe("failed");
        return row;
      }, POLL);
      expect(failed.attempts).toBe(QUICK.retryLimit + 1);
      expect(failed.lastError).toContain("451");
      expect(deliveredWith(failed.messageId)).toHaveLength(0);
      expect(logs.lines.filter((line) => line.msg.startsWith("Email NOT delivered"))).toHaveLength(1);
    } finally {
      smtp.state.failNext = 0;
      logs.restore();
    }
  });

  it("the real worker retries a refused refund with backoff and makes it once; one refused every time ends failed and reported", async () => {
    {
      const slot = await privateSlot();
      const late = await bookAndCheckout(slot.id);
      // The first attempt fails (the SDK tries three times), the second goes through.
      await world.lateWithPlacesGone(slot.id, late.sessionId, () => fake().failNext(3));
      const settled = await vi.waitFor(
        async () => {
          const [row] = await refundsFor(late.booking.id);
          expect(row!.status).not.toBe("pending");
          return row!;
        },
        { timeout: 20_000, interval: 200 },
      );
      expect(settled).toMatchObject({ status: "succeeded", attempts: 2 });
      expect([...fake().refunds.values()].filter((r) => r.metadata.refund_id === settled.id)).toHaveLength(1);

      const slot2 = await privateSlot();
      const doomed = await bookAndCheckout(slot2.id);
      const logs = captureLogs();
      try {
        await world.lateWithPlacesGone(slot2.id, doomed.sessionId, () => fake().failNext(1_000));
        const failed = await vi.waitFor(
          async () => {
            const [row] = await refundsFor(doomed.booking.id);
            expect(row!.status).toBe("failed");
            return row!;
          },
          { timeout: 30_000, interval: 200 },
        );
        expect(failed.attempts).toBe(QUICK.retryLimit + 1);
        expect(failed.lastError).toMatch(/simulated outage/);
        const [gaveUp] = logs.lines.filter((line) => line.msg.startsWith("Refund NOT made"));
        expect(gaveUp?.msg).toContain(failed.id);
        expect(gaveUp?.err).not.toHaveProperty("message");
      } finally {
        fake().failNext(0);
        logs.restore();
      }
      expect(await emailsFor(doomed.booking.id, "staff_refund_problem")).toHaveLength(1);
      const { paymentIntentId } = await bookingFor(doomed.booking.customerEmail!);
      expect([...fake().refunds.values()].filter((r) => r.payment_intent === paymentIntentId)).toHaveLength(0);
    }
  });

});
