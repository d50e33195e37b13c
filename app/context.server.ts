import type Stripe from "stripe";
import type { DatabaseHandle } from "../db/client";
import type { BookingEffects } from "./booking/effects.server";
import type { StaffAuth } from "./staff/sign-in.server";
import type { JobQueue } from "./jobs/queue.server";
import type { Mailer } from "./mail/mailer.server";
import type { PaymentGateway } from "./payments/gateway.server";
import type { SimulatedGateway } from "./payments/simulated-gateway.server";
import type { Env } from "./utils/env.server";

/**
 * What the running app holds: its configuration and its database. Stored on globalThis so a
 * development rebuild of the server bundle finds the same pool instead of opening another.
 * Nothing that matters between requests lives here — only handles.
 */
export type AppContext = {
  env: Env;
  database: DatabaseHandle;
  payments: PaymentGateway;
  /** Set when payments go through Stripe (webhook verification needs the client). */
  stripe?: Stripe;
  /** Set in demo mode without a Stripe key: the test checkout. */
  simulatedPayments?: SimulatedGateway;
  jobs: JobQueue;
  effects: BookingEffects;
  /** Staff sign-in: the session cookie and the sign-in throttle. */
  staffAuth: StaffAuth;
  mailer: Mailer;
};

const KEY = Symbol.for("pain-free-me.app-context");
type Holder = { [KEY]?: AppContext };

export function setAppContext(context: AppContext | undefined): void {
  (globalThis as Holder)[KEY] = context;
}

export function appContext(): AppContext {
  const context = (globalThis as Holder)[KEY];
  if (!context) throw new Error("The app has not been started: call startApp() first.");
  return context;
}

export function hasAppContext(): boolean {
  return (globalThis as Holder)[KEY] !== undefined;
}
