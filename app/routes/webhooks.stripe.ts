import type { ActionFunctionArgs } from "@remix-run/node";
import { appContext } from "~/context.server";
import { processStripeEvent } from "~/inbound/stripe-events.server";
import { verifyStripeWebhook, WebhookSignatureError } from "~/payments/stripe-gateway.server";
import { log } from "~/utils/log.server";

/**
 * POST /webhooks/stripe. The signature is checked on the raw body (at most 1 MB: the server
 * refuses more before Remix sees it); a bad or missing one is a 400 and changes nothing. Each event id is processed once; replays and events we don't act
 * on are acknowledged with 200 so Stripe stops retrying.
 */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return Response.json({ error: "Use POST" }, { status: 405, headers: { Allow: "POST" } });
  const { stripe, env, database, effects, payments } = appContext();
  const secret = env.payments.kind === "stripe" ? env.payments.webhookSecret : undefined;
  if (!stripe || !secret) return Response.json({ error: "Stripe webhooks are not configured" }, { status: 404 });
  const body = await request.text();
  let event;
  try {
    event = verifyStripeWebhook(stripe, body, request.headers.get("Stripe-Signature"), secret);
  } catch (error) {
    if (error instanceof WebhookSignatureError) {
      log.warn("Rejected a Stripe webhook: bad signature", { err: error });
      return Response.json({ error: "Invalid signature" }, { status: 400 });
    }
    return Response.json({ error: "Invalid payload" }, { status: 400 });
  }
  const result = await processStripeEvent(database.db, payments, effects, event, { now: new Date() });
  if (result.outcome === "not_ours" || result.outcome === "ignored") {
    log.info(`Stripe event ${event.id} (${event.type}): ${result.outcome}.`);
  }
  return Response.json({ received: true, outcome: result.outcome, replay: result.replay });
}

export function loader() {
  return Response.json({ error: "Use POST" }, { status: 405, headers: { Allow: "POST" } });
}
