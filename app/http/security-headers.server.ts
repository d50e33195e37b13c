import { randomBytes } from "node:crypto";
import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import type { NextFunction, Request, Response } from "express";
import helmet, { type HelmetOptions } from "helmet";

export type SecurityHeaderSettings = {
  publicBaseUrl: string;
  /** STRIPE_API_BASE, when payments go to a Stripe-compatible test server. */
  stripeApiBase?: string;
  /** `remix dev`'s live reload talks over a WebSocket. */
  isDevelopment: boolean;
};

/** helmet's settings: its defaults, with the Content-Security-Policy the site needs. */
export function helmetOptions(settings: SecurityHeaderSettings, scriptNonce: HelmetNonce): HelmetOptions {
  const https = settings.publicBaseUrl.startsWith("https:");
  return {
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        "script-src": ["'self'", scriptNonce],
        "connect-src": ["'self'", ...(settings.isDevelopment ? ["ws:"] : [])],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        // A booking form's POST redirects to Stripe Checkout (or a Stripe-compatible test server).
        // The site may be reached at another address than PUBLIC_BASE_URL (a proxy, 127.0.0.1 vs localhost).
        "form-action": [
          "'self'",
          new URL(settings.publicBaseUrl).origin,
          "https://checkout.stripe.com",
          ...(settings.stripeApiBase ? [new URL(settings.stripeApiBase).origin] : []),
        ],
        "upgrade-insecure-requests": https ? [] : null,
      },
    },
    strictTransportSecurity: https,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
  };
}

/** A script-src source: a fixed one, or one worked out per response. */
export type HelmetNonce = string | ((req: IncomingMessage, res: ServerResponse) => string);

/**
 * Every response's security headers (helmet), with a fresh CSP nonce in `res.locals.cspNonce`.
 *
 * helmet's headers are the same for every response but the nonce, yet helmet works them out per
 * response (twelve middlewares, the policy rebuilt as a string each time: about 5 KB of garbage
 * a request, README "Performance"). So helmet runs once, at start-up, with a marker where the
 * nonce goes; each response gets those headers with its own nonce in the marker's place.
 */
export function securityHeaders(settings: SecurityHeaderSettings) {
  const marker = randomBytes(18).toString("hex");
  const headers = headersSetBy(helmet(helmetOptions(settings, `'nonce-${marker}'`))).map(
    ([name, value]) => [name, value, value.includes(marker)] as const,
  );
  if (!headers.some(([, , hasNonce]) => hasNonce)) throw new Error("helmet's policy lost the nonce marker");
  return function setSecurityHeaders(_req: Request, res: Response, next: NextFunction) {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    for (const [name, value, hasNonce] of headers) res.setHeader(name, hasNonce ? value.replace(marker, nonce) : value);
    next();
  };
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/** The headers a (synchronous) middleware sets on a response that is never sent, names as it spelled them. */
export function headersSetBy(middleware: Middleware): [string, string][] {
  const req = new IncomingMessage(new Socket());
  const res = new ServerResponse(req);
  const spelling = new Map<string, string>();
  const setHeader = res.setHeader.bind(res);
  res.setHeader = (name, value) => (spelling.set(name.toLowerCase(), name), setHeader(name, value));
  let failure: unknown = null;
  middleware(req, res, (error) => (failure = error ?? null));
  if (failure) throw failure;
  return res.getHeaderNames().map((name) => {
    const value = res.getHeader(name);
    return [spelling.get(name) ?? name, Array.isArray(value) ? value.join(", ") : String(value)];
  });
}
