import { randomBytes } from "node:crypto";
import { and, eq, gt, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { simulatedCheckoutSessions } from "../../db/schema";
import type { CheckoutSession, PaymentGateway } from "./gateway.server";

/**
 * Demo mode without a Stripe key: a test checkout served by this app ("test payment — no card
 * is charged"). Its sessions live in the database like everything else, so any app process can
 * serve them, and its Pay and Cancel buttons drive the same fulfil and expire code as Stripe.
 */
type Row = typeof simulatedCheckoutSessions.$inferSelect;

function toSession(row: Row, now: Date): CheckoutSession {
  const expired = row.status === "expired" || (row.status === "open" && row.expiresAt <= now);
  return {
    id: row.id,
    url: expired || row.status === "complete" ? null : `/test-checkout/${row.id}`,
    status: expired ? "expired" : (row.status as CheckoutSession["status"]),
    paymentStatus: row.status === "complete" ? "paid" : "unpaid",
    paymentIntentId: row.paymentIntentId,
    amountTotalMinor: row.amountTotalMinor,
    currency: row.currency,
    bookingId: row.bookingId,
    expiresAt: row.expiresAt,
  };
}

export function createSimulatedGateway(
  db: Database,
  { baseUrl, clock = () => new Date() }: { baseUrl: string; clock?: () => Date },
): PaymentGateway & {
  pay(id: string): Promise<CheckoutSession | null>;
  findRow(id: string): Promise<Row | undefined>;
  sessionFromRow(row: Row): CheckoutSession;
} {
  const withBase = (session: CheckoutSession) => ({
    ...session,
    url: session.url ? `${baseUrl}${session.url}` : null,
  });
  const find = async (id: string) => {
    const [row] = await db.select().from(simulatedCheckoutSessions).where(eq(simulatedCheckoutSessions.id, id));
    return row;
  };
  return {
    kind: "simulated",
    findRow: find,
    sessionFromRow: (row) => withBase(toSession(row, clock())),
    async createCheckoutSession(input) {
      await db
        .insert(simulatedCheckoutSessions)
        .values({
          id: `sim_cs_${randomBytes(12).toString("hex")}`,
          bookingId: input.bookingId,
          idempotencyKey: input.idempotencyKey,
          title: input.lineItem.name,
          quantity: input.lineItem.quantity,
          amountTotalMinor: input.lineItem.unitAmountMinor * input.lineItem.quantity,
          currency: input.lineItem.currency,
          customerEmail: input.customerEmail,
          successUrl: input.successUrl,
          cancelUrl: input.cancelUrl,
          expiresAt: input.expiresAt,
        })
        .onConflictDoNothing({ target: simulatedCheckoutSessions.idempotencyKey });
      const [row] = await db
        .select()
        .from(simulatedCheckoutSessions)
        .where(eq(simulatedCheckoutSessions.idempotencyKey, input.idempotencyKey));
      return withBase(toSession(row!, clock()));
    },
    async retrieveCheckoutSession(id) {
      const row = await find(id);
      if (!row) throw new Error(`No such test checkout session: ${id}`);
      return withBase(toSession(row, clock()));
    },
    async expireCheckoutSession(id) {
      await db
        .update(simulatedCheckoutSessions)
        .set({ status: "expired" })
        .where(and(eq(simulatedCheckoutSessions.id, id), eq(simulatedCheckoutSessions.status, "open")));
    },
    /** A test refund always succeeds at once; it is remembered on the session for listRefunds. */
    async refund({ paymentIntentId, amountMinor, refundId }) {
      const [row] = await db
        .update(simulatedCheckoutSessions)
        .set({
          amountRefundedMinor: sql`least(${simulatedCheckoutSessions.amountRefundedMinor} + ${amountMinor}, ${simulatedCheckoutSessions.amountTotalMinor})`,
        })
        .where(eq(simulatedCheckoutSessions.paymentIntentId, paymentIntentId))
        .returning();
      if (!row) throw new Error(`No such test payment: ${paymentIntentId}`);
      return { id: `sim_re_${refundId}`, status: "succeeded", amountMinor, refundId, failureReason: null };
    },
    /**
     * The demo has no dashboard: every test refund was asked for by this app and is already
     * recorded, so there is nothing for a reconciliation to find.
     */
    async listRefunds() {
      return [];
    },
    /** The test checkout pays with Stripe's test card. */
    async cardOf() {
      return { brand: "visa", last4: "4242" };
    },
    /** The test checkout's Pay button: marks an open, unexpired session paid. */
    async pay(id) {
      const now = clock();
      await db
        .update(simulatedCheckoutSessions)
        .set({ status: "complete", paymentIntentId: `sim_pi_${randomBytes(12).toString("hex")}` })
        .where(
          and(
            eq(simulatedCheckoutSessions.id, id),
            eq(simulatedCheckoutSessions.status, "open"),
            gt(simulatedCheckoutSessions.expiresAt, now),
          ),
        );
      const row = await find(id);
      return row ? withBase(toSession(row, now)) : null;
    },
  };
}

export type SimulatedGateway = ReturnType<typeof createSimulatedGateway>;
