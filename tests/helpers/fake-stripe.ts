/**
 * A small local HTTP server speaking the parts of Stripe's v1 API this app calls, for tests only.
 * Point the real SDK at it with `createStripeClient({ apiBase: fake.url, … })`.
 *
 * It keeps Stripe's wire rules that our code depends on: form-encoded requests, JSON responses,
 * Stripe's error shape and status codes, Idempotency-Key replay and mismatch, expires_at between
 * 30 minutes and 24 hours ahead, expiring only open sessions, refunds never exceeding the charge.
 * Any request it doesn't know is answered 404 and recorded in `unhandled`.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import Stripe from "stripe";

export type FakeSession = {
  id: string;
  object: "checkout.session";
  mode: "payment";
  status: "open" | "complete" | "expired";
  payment_status: "paid" | "unpaid" | "no_payment_required";
  url: string | null;
  amount_subtotal: number;
  amount_total: number;
  currency: string;
  customer_email: string | null;
  client_reference_id: string | null;
  metadata: Record<string, string>;
  payment_intent: string | null;
  success_url: string | null;
  cancel_url: string | null;
  expires_at: number;
  created: number;
  livemode: false;
  /** Not part of Stripe's session object; kept to build the PaymentIntent on payment. */
  line_items_data: { name: string; description: string | null; unit_amount: number; quantity: number }[];
  payment_intent_metadata: Record<string, string>;
};

type FakePaymentIntent = {
  id: string;
  object: "payment_intent";
  amount: number;
  amount_received: number;
  currency: string;
  status: "succeeded";
  latest_charge: string;
  metadata: Record<string, string>;
  created: number;
  livemode: false;
};

type FakeRefund = {
  id: string;
  object: "refund";
  amount: number;
  currency: string;
  payment_intent: string;
  charge: string;
  reason: string | null;
  status: "pending" | "succeeded" | "failed" | "canceled";
  failure_reason: string | null;
  metadata: Record<string, string>;
  created: number;
};

export type FakeStripeRequest = {
  method: string;
  path: string;
  body: Record<string, unknown>;
  idempotencyKey?: string;
};

export type FakeStripe = {
  /** http://127.0.0.1:<port>, to pass as STRIPE_API_BASE. */
  url: string;
  requests: FakeStripeRequest[];
  unhandled: string[];
  sessions: Map<string, FakeSession>;
  paymentIntents: Map<string, FakePaymentIntent>;
  refunds: Map<string, FakeRefund>;
  /** The next `count` API calls answer `status` (default 500) without being processed. */
  failNext(count: number, status?: number): void;
  /** Marks an open session paid and returns it as Stripe sends it in `checkout.session.completed`. */
  completeSession(id: string): Stripe.Checkout.Session;
  /** A session as it stands, as Stripe would send it. */
  sessionObject(id: string): Stripe.Checkout.Session;
  /** Expires an open session and returns it as Stripe sends it in `checkout.session.expired`. */
  expireSession(id: string): Stripe.Checkout.Session;
  /** A serialised event body, ready to sign with `signWebhook`. */
  event(type: string, object: unknown): string;
  /** New refunds made through the API come back with this status (Stripe's are usually `succeeded`). */
  setRefundStatus(status: FakeRefund["status"]): void;
  /** A refund made by a person in Stripe's dashboard (no metadata of ours); the amount defaults to all that is left. */
  refundInDashboard(paymentIntentId: string, amountMinor?: number): FakeRefund;
  /** Changes a refund's status, as Stripe does later for some; returns the refund as a `charge.refund.updated` carries it. */
  updateRefund(id: string, status: FakeRefund["status"], failureReason?: string): FakeRefund;
  /** The charge of a payment, as `charge.refunded` carries it. */
  charge(paymentIntentId: string): Record<string, unknown>;
  close(): Promise<void>;
};

export type FakeStripeOptions = {
  /** The fake's clock, used for `created`, the expires_at rule and lazy expiry. */
  now?: () => Date;
};

const MIN_EXPIRY_SECONDS = 30 * 60;
const MAX_EXPIRY_SECONDS = 24 * 60 * 60;

class StripeHttpError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly code?: string,
    readonly param?: string,
  ) {
    super(message);
  }
}

const invalid = (message: string, param?: string, code = "parameter_invalid") =>
  new StripeHttpError(400, "invalid_request_error", message, code, param);

export async function startFakeStripe(options: FakeStripeOptions = {}): Promise<FakeStripe> {
  const now = options.now ?? (() => new Date());
  const nowSeconds = () => Math.floor(now().getTime() / 1000);

  const requests: FakeStripeRequest[] = [];
  const unhandled: string[] = [];
  const sessions = new Map<string, FakeSession>();
  const paymentIntents = new Map<string, FakePaymentIntent>();
  const refunds = new Map<string, FakeRefund>();
  let refundStatus: FakeRefund["status"] = "succeeded";
  const idempotency = new Map<string, { fingerprint: string; status: number; body: unknown }>();
  let failures: { remaining: number; status: number } = { remaining: 0, status: 500 };
  let baseUrl = "";

  function session(id: string): FakeSession {
    const found = sessions.get(id);
    if (!found) {
      throw new StripeHttpError(
        404,
        "invalid_request_error",
        `No such checkout.session: '${id}'`,
        "resource_missing",
        "session",
      );
    }
    // Stripe expires an unpaid session once expires_at has passed.
    if (found.status === "open" && found.expires_at <= nowSeconds()) markExpired(found);
    return found;
  }

  function markExpired(s: FakeSession) {
    s.status = "expired";
    s.url = null;
  }

  function createSession(body: Record<string, unknown>): FakeSession {
    const known = new Set([
      "mode",
      "line_items",
      "customer_email",
      "client_reference_id",
      "metadata",
      "payment_intent_data",
      "success_url",
      "cancel_url",
      "expires_at",
      "allowed_payment_method_types",
    ]);
    for (const key of Object.keys(body)) {
      if (!known.has(key)) throw invalid(`Received unknown parameter: ${key}`, key, "parameter_unknown");
    }
    if (body.mode !== "payment") throw invalid("This fake supports only mode=payment", "mode");
    if (typeof body.success_url !== "string" || !body.success_url) {
      throw invalid("Missing required param: success_url.", "success_url", "parameter_missing");
    }
    const lineItems = body.line_items;
    if (!Array.isArray(lineItems) || lineItems.length === 0) {
      throw invalid("Missing required param: line_items.", "line_items", "parameter_missing");
    }
    const items = lineItems.map((raw, i) => {
      const param = `line_items[${i}]`;
      const item = asRecord(raw);
      const price = asRecord(item.price_data);
      const product = asRecord(price.product_data);
      const currency = price.currency;
      if (typeof currency !== "string" || !/^[a-z]{3}$/.test(currency)) {
        throw invalid(`Invalid currency: ${String(currency)}`, `${param}[price_data][currency]`);
      }
      const unitAmount = integer(price.unit_amount, `${param}[price_data][unit_amount]`, 0);
      const quantity = integer(item.quantity, `${param}[quantity]`, 1);
      if (typeof product.name !== "string" || !product.name) {
        throw invalid("Missing required param: name.", `${param}[price_data][product_data][name]`, "parameter_missing");
      }
      if (product.description === "") {
        throw invalid(
          "You passed an empty string for 'description'. We assume empty values are an attempt to unset a parameter; however 'description' cannot be unset.",
          `${param}[price_data][product_data][description]`,
        );
      }
      return {
        currency,
        name: product.name,
        description: typeof product.description === "string" ? product.description : null,
        unit_amount: unitAmount,
        quantity,
      };
    });
    const currency = items[0]!.currency;
    if (items.some((item) => item.currency !== currency)) {
      throw invalid("All line items must have the same currency.", "line_items");
    }

    const created = nowSeconds();
    let expiresAt = created + MAX_EXPIRY_SECONDS;
    if (body.expires_at !== undefined) {
      expiresAt = integer(body.expires_at, "expires_at", 0);
      const ahead = expiresAt - created;
      if (ahead < MIN_EXPIRY_SECONDS || ahead > MAX_EXPIRY_SECONDS) {
        throw invalid(
          "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.",
          "expires_at",
        );
      }
    }

    const id = `cs_test_${randomId(24)}`;
    const total = items.reduce((sum, item) => sum + item.unit_amount * item.quantity, 0);
    const s: FakeSession = {
      id,
      object: "checkout.session",
      mode: "payment",
      status: "open",
      payment_status: "unpaid",
      url: `${baseUrl}/pay/${id}`,
      amount_subtotal: total,
      amount_total: total,
      currency,
      customer_email: optionalString(body.customer_email),
      client_reference_id: optionalString(body.client_reference_id),
      metadata: stringRecord(body.metadata, "metadata"),
      payment_intent: null,
      success_url: body.success_url,
      cancel_url: optionalString(body.cancel_url),
      expires_at: expiresAt,
      created,
      livemode: false,
      line_items_data: items.map(({ currency: _currency, ...item }) => item),
      payment_intent_metadata: stringRecord(
        asRecord(body.payment_intent_data ?? {}).metadata,
        "payment_intent_data[metadata]",
      ),
    };
    sessions.set(id, s);
    return s;
  }

  function complete(s: FakeSession): FakeSession {
    if (s.status !== "open") throw new Error(`Fake Stripe: session ${s.id} is ${s.status}, not open`);
    const intent: FakePaymentIntent = {
      id: `pi_${randomId(24)}`,
      object: "payment_intent",
      amount: s.amount_total,
      amount_received: s.amount_total,
      currency: s.currency,
      status: "succeeded",
      latest_charge: `ch_${randomId(24)}`,
      metadata: { ...s.payment_intent_metadata },
      created: nowSeconds(),
      livemode: false,
    };
    paymentIntents.set(intent.id, intent);
    s.status = "complete";
    s.payment_status = "paid";
    s.payment_intent = intent.id;
    s.url = null;
    return s;
  }

  function createRefund(body: Record<string, unknown>): FakeRefund {
    const known = new Set(["payment_intent", "amount", "reason", "metadata"]);
    for (const key of Object.keys(body)) {
      if (!known.has(key)) throw invalid(`Received unknown parameter: ${key}`, key, "parameter_unknown");
    }
    if (typeof body.payment_intent !== "string") {
      throw invalid("One of the following params should be provided for this request: payment_intent or charge.", "payment_intent", "parameter_missing");
    }
    const intent = paymentIntents.get(body.payment_intent);
    if (!intent) {
      throw invalid(`No such payment_intent: '${body.payment_intent}'`, "payment_intent", "resource_missing");
    }
    const reason = body.reason;
    if (reason !== undefined && !["duplicate", "fraudulent", "requested_by_customer"].includes(String(reason))) {
      throw invalid(`Invalid reason: ${String(reason)}`, "reason");
    }
    const refunded = [...refunds.values()]
      .filter((r) => r.payment_intent === intent.id && r.status !== "failed" && r.status !== "canceled")
      .reduce((sum, r) => sum + r.amount, 0);
    const remaining = intent.amount_received - refunded;
    if (remaining <= 0) {
      throw invalid(`Charge ${intent.latest_charge} has already been refunded.`, undefined, "charge_already_refunded");
    }
    const amount = body.amount === undefined ? remaining : integer(body.amount, "amount", 1);
    if (amount > remaining) {
      throw invalid(
        `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`,
        "amount",
        "amount_too_large",
      );
    }
    const refund: FakeRefund = {
      id: `re_${randomId(24)}`,
      object: "refund",
      amount,
      currency: intent.currency,
      payment_intent: intent.id,
      charge: intent.latest_charge,
      reason: typeof reason === "string" ? reason : null,
      status: refundStatus,
      failure_reason: null,
      metadata: stringRecord(body.metadata, "metadata"),
      created: nowSeconds(),
    };
    refunds.set(refund.id, refund);
    return refund;
  }

  /** Runs one API call; returns [status, JSON body]. */
  function route(method: string, path: string, body: Record<string, unknown>): [number, unknown] | null {
    let match: RegExpMatchArray | null;
    if (method === "POST" && path === "/v1/checkout/sessions") {
      return [200, sessionJson(createSession(body))];
    }
    if (method === "GET" && (match = path.match(/^\/v1\/checkout\/sessions\/([^/]+)$/))) {
      return [200, sessionJson(session(decodeURIComponent(match[1]!)))];
    }
    if (method === "POST" && (match = path.match(/^\/v1\/checkout\/sessions\/([^/]+)\/expire$/))) {
      const s = session(decodeURIComponent(match[1]!));
      if (s.status !== "open") {
        throw invalid(`Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${s.status}".`, undefined, "checkout_session_not_open");
      }
      markExpired(s);
      return [200, sessionJson(s)];
    }
    if (method === "POST" && path === "/v1/refunds") {
      return [200, createRefund(body)];
    }
    if (method === "GET" && path === "/v1/refunds") {
      const intent = typeof body.payment_intent === "string" ? body.payment_intent : null;
      const data = [...refunds.values()]
        .filter((r) => intent === null || r.payment_intent === intent)
        .sort((a, b) => b.created - a.created);
      return [200, { object: "list", url: "/v1/refunds", has_more: false, data }];
    }
    if (method === "GET" && (match = path.match(/^\/v1\/payment_intents\/([^/]+)$/))) {
      const id = decodeURIComponent(match[1]!);
      const intent = paymentIntents.get(id);
      if (!intent) {
        throw new StripeHttpError(404, "invalid_request_error", `No such payment_intent: '${id}'`, "resource_missing", "intent");
      }
      // expand[]=latest_charge: the charge, paid with Stripe's test Visa.
      const expand = body.expand && typeof body.expand === "object" ? Object.values(body.expand) : [];
      if (!expand.includes("latest_charge")) return [200, intent];
      return [
        200,
        {
          ...intent,
          latest_charge: {
            id: intent.latest_charge,
            object: "charge",
            amount: intent.amount,
            payment_intent: intent.id,
            payment_method_details: { type: "card", card: { brand: "visa", last4: "4242", exp_month: 12, exp_year: 2030 } },
          },
        },
      ];
    }
    return null;
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, method: string, path: string, rawBody: string, query: string) {
    const body = parseForm(method === "GET" ? query : rawBody);
    const idempotencyKey = header(req, "idempotency-key");
    requests.push({ method, path, body, ...(idempotencyKey ? { idempotencyKey } : {}) });

    if (failures.remaining > 0) {
      failures.remaining -= 1;
      const status = failures.status;
      const error =
        status === 429
          ? { type: "invalid_request_error", code: "rate_limit", message: "Too many requests made to the API too quickly" }
          : { type: "api_error", message: "Fake Stripe: simulated outage" };
      return sendJson(res, status, { error });
    }

    if (!/^Bearer sk_(test|live)_\S+$/.test(header(req, "authorization") ?? "")) {
      return sendJson(res, 401, {
        error: { type: "invalid_request_error", message: "Invalid API Key provided" },
      });
    }

    // Stripe replays the saved response for a known key, and refuses the key for another request.
    const fingerprint = JSON.stringify([method, path, rawBody]);
    if (idempotencyKey && method === "POST") {
      const saved = idempotency.get(idempotencyKey);
      if (saved) {
        if (saved.fingerprint !== fingerprint) {
          return sendJson(res, 400, {
            error: {
              type: "idempotency_error",
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
            },
          });
        }
        res.setHeader("Idempotent-Replayed", "true");
        return sendJson(res, saved.status, saved.body);
      }
    }

    let result: [number, unknown] | null;
    try {
      result = route(method, path, body);
    } catch (error) {
      if (!(error instanceof StripeHttpError)) throw error;
      // Like Stripe, a request that fails validation saves nothing under its key.
      return sendJson(res, error.status, {
        error: {
          type: error.type,
          message: error.message,
          ...(error.code ? { code: error.code } : {}),
          ...(error.param ? { param: error.param } : {}),
        },
      });
    }
    if (!result) {
      unhandled.push(`${method} ${path}`);
      return sendJson(res, 404, {
        error: { type: "invalid_request_error", message: `Unrecognized request URL (${method}: ${path}).` },
      });
    }
    if (idempotencyKey && method === "POST") {
      idempotency.set(idempotencyKey, { fingerprint, status: result[0], body: result[1] });
    }
    return sendJson(res, result[0], result[1]);
  }

  /** A stand-in for the hosted payment page, so a browser test can pay or cancel. */
  function handlePayPage(res: ServerResponse, method: string, id: string): boolean {
    const s = sessions.get(id);
    if (!s) return false;
    session(id); // applies lazy expiry
    if (method === "POST") {
      // A second click on a paid (or expired) session just shows its state again.
      if (s.status !== "open") {
        res.writeHead(303, { Location: `/pay/${encodeURIComponent(s.id)}` }).end();
        return true;
      }
      complete(s);
      res.writeHead(303, { Location: s.success_url!.replaceAll("{CHECKOUT_SESSION_ID}", s.id) }).end();
      return true;
    }
    if (method !== "GET") return false;
    const amount = (s.amount_total / 100).toFixed(2);
    const html =
      s.status === "open"
        ? `<!doctype html><title>Fake Stripe Checkout</title><h1>Pay ${amount} ${s.currency.toUpperCase()}</h1>` +
          `<form method="post"><button type="submit">Pay</button></form>` +
          (s.cancel_url ? `<a href="${escapeHtml(s.cancel_url)}">Cancel</a>` : "")
        : `<!doctype html><title>Fake Stripe Checkout</title><h1>This Checkout Session is ${s.status}</h1>`;
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(html);
    return true;
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const method = req.method ?? "GET";
      const [path = "/", query = ""] = (req.url ?? "/").split("?", 2);
      const rawBody = Buffer.concat(chunks).toString("utf8");
      const pay = path.match(/^\/pay\/([^/]+)$/);
      Promise.resolve()
        .then(() => {
          if (path.startsWith("/v1/")) return handleApi(req, res, method, path, rawBody, query);
          if (pay && handlePayPage(res, method, decodeURIComponent(pay[1]!))) return;
          unhandled.push(`${method} ${path}`);
          sendJson(res, 404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${method}: ${path}).` } });
        })
        .catch((error: unknown) => {
          unhandled.push(`${method} ${path} (fake crashed: ${String(error)})`);
          if (!res.headersSent) sendJson(res, 500, { error: { type: "api_error", message: String(error) } });
        });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    requests,
    unhandled,
    sessions,
    paymentIntents,
    refunds,
    failNext(count, status = 500) {
      failures = { remaining: count, status };
    },
    completeSession(id) {
      return sessionJson(complete(session(id)));
    },
    sessionObject(id) {
      return sessionJson(session(id));
    },
    expireSession(id) {
      const s = session(id);
      if (s.status !== "open") throw new Error(`Fake Stripe: session ${id} is ${s.status}, not open`);
      markExpired(s);
      return sessionJson(s);
    },
    setRefundStatus(status) {
      refundStatus = status;
    },
    refundInDashboard(paymentIntentId, amountMinor) {
      const previous = refundStatus;
      refundStatus = "succeeded";
      try {
        return createRefund({ payment_intent: paymentIntentId, ...(amountMinor ? { amount: String(amountMinor) } : {}) });
      } finally {
        refundStatus = previous;
      }
    },
    updateRefund(id, status, failureReason) {
      const refund = refunds.get(id);
      if (!refund) throw new Error(`Fake Stripe: no refund ${id}`);
      refund.status = status;
      refund.failure_reason = failureReason ?? null;
      return structuredClone(refund);
    },
    charge(paymentIntentId) {
      const intent = paymentIntents.get(paymentIntentId);
      if (!intent) throw new Error(`Fake Stripe: no payment intent ${paymentIntentId}`);
      const refunded = [...refunds.values()]
        .filter((r) => r.payment_intent === intent.id && (r.status === "succeeded" || r.status === "pending"))
        .reduce((sum, r) => sum + r.amount, 0);
      return {
        id: intent.latest_charge,
        object: "charge",
        amount: intent.amount_received,
        amount_captured: intent.amount_received,
        amount_refunded: refunded,
        currency: intent.currency,
        payment_intent: intent.id,
        refunded: refunded >= intent.amount_received,
        status: "succeeded",
        livemode: false,
      };
    },
    event(type, object) {
      return JSON.stringify(
        {
          id: `evt_${randomId(24)}`,
          object: "event",
          api_version: Stripe.API_VERSION,
          created: nowSeconds(),
          data: { object },
          livemode: false,
          pending_webhooks: 1,
          request: { id: null, idempotency_key: null },
          type,
        },
        null,
        2,
      );
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // The SDK keeps connections alive; don't wait for them to time out.
        server.closeAllConnections();
      });
    },
  };
}

/** The Stripe-Signature header Stripe would send with `payload`. */
export function signWebhook(stripe: Stripe, payload: string, secret: string, timestamp?: number): string {
  return stripe.webhooks.generateTestHeaderString({
    payload,
    secret,
    ...(timestamp !== undefined ? { timestamp } : {}),
  });
}

function sessionJson(s: FakeSession): Stripe.Checkout.Session {
  const { line_items_data: _items, payment_intent_metadata: _piMetadata, ...json } = s;
  // A copy, so later changes to the fake don't alter what a test already holds.
  return structuredClone(json) as unknown as Stripe.Checkout.Session;
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Request-Id": `req_${randomId(14)}`,
  });
  res.end(JSON.stringify(body));
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function randomId(length: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join("");
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function optionalString(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function integer(value: unknown, param: string, min: number): number {
  const n = typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min) throw invalid(`Invalid integer: ${String(value)}`, param);
  return n;
}

function stringRecord(value: unknown, param: string): Record<string, string> {
  if (value === undefined || value === "") return {};
  const record = asRecord(value);
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(record)) {
    if (typeof v !== "string") throw invalid(`Invalid ${param}[${key}]`, `${param}[${key}]`);
    out[key] = v;
  }
  return out;
}

/**
 * Parses Stripe's form encoding: `a[b][0][c]=x` becomes `{ a: { b: [{ c: "x" }] } }`. Values stay
 * strings, as Stripe receives them.
 */
export function parseForm(encoded: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const pair of encoded.split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, " "));
    const key = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? "" : decode(pair.slice(eq + 1));
    const head = key.match(/^[^[]+/)?.[0];
    if (!head) continue;
    const segments = [head, ...[...key.slice(head.length).matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]!)];
    let node: Record<string, unknown> = root;
    segments.forEach((segment, i) => {
      if (i === segments.length - 1) {
        node[segment] = value;
        return;
      }
      const next = node[segment];
      if (!next || typeof next !== "object") node[segment] = {};
      node = node[segment] as Record<string, unknown>;
    });
  }
  return arraysFromIndexedObjects(root) as Record<string, unknown>;
}

function arraysFromIndexedObjects(value: unknown): unknown {
  if (!value || typeof value !== "object") return value;
  const entries = Object.entries(value as Record<string, unknown>).map(
    ([k, v]) => [k, arraysFromIndexedObjects(v)] as const,
  );
  const isList = entries.length > 0 && entries.every(([k], i) => k === String(i));
  return isList ? entries.map(([, v]) => v) : Object.fromEntries(entries);
}
