/**
 * Cross-site requests that would change something are refused at the server with a page a person
 * understands. (Remix's own check, a host/Origin comparison, throws inside the request handler
 * and became a 500 with a stack trace in the log.)
 *
 * Refused: an unsafe method (anything but GET, HEAD, OPTIONS) with `Sec-Fetch-Site: cross-site`,
 * or with an `Origin` whose host is not the request's own host (`Origin: null` included). Allowed:
 * same-origin requests, and requests without either header (curl, servers, old browsers), which
 * a browser never sends for a cross-site form. Stripe's webhook is cross-site by nature and
 * proves itself with its signature instead.
 */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

const CROSS_SITE_ALLOWED: readonly { method: string; path: string }[] = [{ method: "POST", path: "/webhooks/stripe" }];

export type CrossSiteCheck = {
  method: string;
  path: string;
  /** The host (with port) this request was sent to: Host, or X-Forwarded-Host from a trusted proxy. */
  host: string;
  origin: string | undefined;
  secFetchSite: string | undefined;
};

/** Why the request is refused (for the log: no personal data), or null when it may go on. */
export function crossSiteRefusal({ method, path, host, origin, secFetchSite }: CrossSiteCheck): string | null {
  if (SAFE_METHODS.has(method)) return null;
  if (CROSS_SITE_ALLOWED.some((allowed) => allowed.method === method && allowed.path === path)) return null;
  if (secFetchSite === "cross-site") return "Sec-Fetch-Site: cross-site";
  if (origin === undefined) return null;
  const originHost = hostOf(origin);
  if (originHost === null) return `Origin ${origin === "null" ? "null" : "unreadable"}`;
  if (originHost.toLowerCase() !== host.toLowerCase()) return `Origin host ${originHost.slice(0, 100)} is not ${host.slice(0, 100)}`;
  return null;
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host || null;
  } catch {
    return null;
  }
}
