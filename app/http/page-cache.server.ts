import { createHash } from "node:crypto";
import { brotliCompressSync, constants as zlibConstants, gzipSync } from "node:zlib";
import type { Request as ExpressRequest, Response as ExpressResponse } from "express";
import type { Database } from "../../db/client";
import { catalogVersion } from "../../db/schema";
import { signedInStaff } from "../staff/guard.server";
import { sendRemixResponse } from "./remix-adapter.server";

/**
 * Rendered public pages, kept per app process and trusted only while the database says nothing
 * they show has changed.
 *
 * The rule: a visitor never sees more places left than there are. Every request still asks the
 * database for the catalog's version (one indexed read of one row, shared by requests arriving
 * together: sharedReads); triggers move that version in the same transaction as any change to
 * offerings, dates and their places, instructors or photos (migration 0014), so a booking
 * committed through any app process is seen by the very next request to every process. The
 * version is read before the page's loaders run, so a page is stored under a version no newer
 * than its data: a change that lands mid-render only makes the next request render again.
 *
 * The staff week is cached the same way, per signed-in account (staffWeekKey), since bookings,
 * refunds, emails and staff accounts move the version too.
 *
 * Pages also depend on the clock (a date leaves the lists when booking for it closes), so an entry
 * is kept at most `maxAgeMs`. Only GET requests for the public catalog's paths are cached, and only
 * 200 HTML answers that set no cookie: those pages read no cookie and no session.
 *
 * A stored page is the same bytes for everyone, so it is compressed once per encoding (Brotli,
 * gzip), the first time a request asks for it. Its inline scripts are allowed by their SHA-256 hashes instead of the request's nonce
 * (CSP's way for pages that don't change per response): the nonce attributes are taken out, and
 * the response's Content-Security-Policy gets the hashes where the nonce was.
 */
export type CachedPage = {
  version: number;
  storedAt: number;
  headers: [string, string][];
  /** `'sha256-…'` sources for script-src, one per inline script. */
  scriptHashes: string;
  /** The page's bytes, and each encoding of them once a request has asked for it. */
  bodies: { identity: Buffer; br?: Buffer; gzip?: Buffer };
};

export type Encoding = keyof CachedPage["bodies"];

/** A stored page in `encoding`, compressed the first time it is asked for (a fast level: a booking rush renders often). */
export function bodyIn(page: CachedPage, encoding: Encoding): Buffer {
  if (encoding === "br") {
    page.bodies.br ??= brotliCompressSync(page.bodies.identity, {
      params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: page.bodies.identity.length },
    });
    return page.bodies.br;
  }
  if (encoding === "gzip") return (page.bodies.gzip ??= gzipSync(page.bodies.identity, { level: 6 }));
  return page.bodies.identity;
}

export type PageCache = {
  /** The key this request's page is cached under, or null when it must not be cached. */
  keyFor(req: ExpressRequest): string | null;
  /** The catalog's version now (read before rendering). */
  currentVersion(): Promise<number>;
  /** The stored page for `key` if it is still good at `version`. */
  lookup(key: string, version: number, now?: number): CachedPage | null;
  /** Keeps a freshly rendered page (its HTML carries the request's `nonce`). */
  store(key: string, page: { version: number; status: number; headers: [string, string][]; html: string; nonce: string }, now?: number): void;
  readonly size: number;
};

/** The public pages whose content is the catalog's alone. */
const CACHEABLE_PATHS = [/^\/$/, /^\/workshops\/[a-z0-9-]{1,120}$/, /^\/sessions\/[a-z0-9-]{1,120}$/, /^\/knee-pain-after-running$/, /^\/terms$/];
const REPLAYED_HEADERS = new Set(["content-type", "cache-control", "link"]);
const INLINE_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script>/g;

export function createPageCache(db: Database, { maxAgeMs = 5_000, maxEntries = 200 } = {}): PageCache {
  const pages = new Map<string, CachedPage>();
  const versionQuery = db
    .select({ version: catalogVersion.version })
    .from(catalogVersion)
    .prepare("catalog_version_now");
  const currentVersion = sharedReads(async () => (await versionQuery.execute())[0]?.version ?? 0);
  return {
    keyFor(req) {
      if (req.method !== "GET") return null;
      if (!CACHEABLE_PATHS.some((pattern) => pattern.test(req.path))) return null;
      const query = req.originalUrl.slice(req.path.length);
      // Any query string but the session page's `?day=` is a different page nobody links to.
      if (query !== "" && !/^\?day=\d{4}-\d{2}-\d{2}$/.test(query)) return null;
      return req.originalUrl;
    },
    currentVersion,
    lookup(key, version, now = Date.now()) {
      const page = pages.get(key);
      if (!page) return null;
      if (page.version !== version || now - page.storedAt > maxAgeMs) {
        pages.delete(key);
        return null;
      }
      return page;
    },
    store(key, { version, status, headers, html, nonce }, now = Date.now()) {
      if (status !== 200 || nonce.length < 16) return;
      if (headers.some(([name]) => name.toLowerCase() === "set-cookie")) return;
      const same = html.replaceAll(` nonce="${nonce}"`, "");
      if (same.includes(nonce)) return; // the nonce is somewhere we don't understand: don't keep it
      const hashes = [...same.matchAll(INLINE_SCRIPT)]
        .filter(([, attributes]) => !/\ssrc=/.test(attributes ?? ""))
        .map(([, , content]) => `'sha256-${createHash("sha256").update(content ?? "", "utf8").digest("base64")}'`);
      const identity = Buffer.from(same, "utf8");
      if (pages.size >= maxEntries && !pages.has(key)) pages.delete(pages.keys().next().value!);
      pages.set(key, {
        version,
        storedAt: now,
        headers: headers.filter(([name]) => REPLAYED_HEADERS.has(name.toLowerCase())),
        scriptHashes: [...new Set(hashes)].join(" "),
        bodies: { identity },
      });
    },
    get size() {
      return pages.size;
    },
  };
}

/**
 * The staff week (`/staff`, `?week=YYYY-MM-DD`) is cached per signed-in account: its key names the
 * account, and is only given when the request's session is valid now (the guard's own check), so
 * a signed-out, disabled or revoked session is never answered from the cache.
 */
async function staffWeekKey(req: ExpressRequest): Promise<string | null> {
  if (req.method !== "GET" || req.path !== "/staff" || !req.headers.cookie) return null;
  const query = req.originalUrl.slice(req.path.length);
  if (query !== "" && !/^\?week=\d{4}-\d{2}-\d{2}$/.test(query)) return null;
  const cookie = req.headers.cookie;
  let check = sessionChecks.get(cookie);
  if (!check) {
    // The same session's requests arriving together share one check, never one that started
    // before they arrived (sharedReads), so signing out or a disabled account still counts at once.
    check = sharedReads(() => signedInStaff(new Request("http://staff.invalid/staff", { headers: { Cookie: cookie } })));
    if (sessionChecks.size >= 100) sessionChecks.delete(sessionChecks.keys().next().value!);
    sessionChecks.set(cookie, check);
  }
  const signedIn = await check();
  return signedIn ? `staff:${signedIn.user.id}:${req.originalUrl}` : null;
}

const sessionChecks = new Map<string, () => Promise<Awaited<ReturnType<typeof signedInStaff>>>>();

/**
 * Answers one request through the cache: a cacheable page still good at the catalog's current
 * version is sent as stored (`X-Page-Cache: hit`); anything else is rendered by `render` and, when
 * cacheable, stored (`X-Page-Cache: miss`, sent as rendered).
 */
export async function answerThroughPageCache(
  cache: PageCache,
  req: ExpressRequest,
  res: ExpressResponse,
  { nonce, render }: { nonce: string; render: () => Promise<Response> },
): Promise<void> {
  const key = cache.keyFor(req) ?? (await staffWeekKey(req));
  if (key === null) return sendRemixResponse(res, await render());
  const version = await cache.currentVersion();
  const hit = cache.lookup(key, version);
  if (hit) return sendStoredPage(req, res, hit, nonce);
  const response = await render();
  if (response.status !== 200 || !response.body || !response.headers.get("Content-Type")?.startsWith("text/html")) {
    return sendRemixResponse(res, response);
  }
  const headers = [...response.headers.entries()];
  const html = await response.text();
  cache.store(key, { version, status: response.status, headers, html, nonce });
  res.status(response.status);
  for (const [name, value] of headers) if (name.toLowerCase() !== "content-length") res.append(name, value);
  res.setHeader("X-Page-Cache", "miss");
  res.end(html);
}

function sendStoredPage(req: ExpressRequest, res: ExpressResponse, page: CachedPage, nonce: string) {
  const policy = res.getHeader("Content-Security-Policy");
  if (typeof policy === "string") res.setHeader("Content-Security-Policy", policy.replace(`'nonce-${nonce}'`, page.scriptHashes));
  for (const [name, value] of page.headers) res.setHeader(name, value);
  const encoding = (req.acceptsEncodings("br", "gzip", "identity") || "identity") as Encoding;
  const body = bodyIn(page, encoding);
  if (encoding !== "identity") res.setHeader("Content-Encoding", encoding);
  res.setHeader("Vary", "Accept-Encoding");
  res.setHeader("Content-Length", body.length);
  res.setHeader("X-Page-Cache", "hit");
  res.status(200).end(body);
}

/**
 * Shares reads among concurrent callers without handing anyone an answer older than their call: a
 * caller arriving while a read is in flight may not take that read's answer (it may predate a
 * commit the caller must see), so it joins the next read, which starts when the one in flight
 * ends. At most one read runs at a time, however many requests wait.
 */
export function sharedReads<T>(read: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | null = null;
  let following: Promise<T> | null = null;
  const start = () => {
    const current = read().finally(() => {
      if (inFlight === current) inFlight = null;
    });
    inFlight = current;
    return current;
  };
  return () => {
    if (!inFlight) return start();
    following ??= inFlight
      .catch(() => undefined)
      .then(() => {
        following = null;
        return start();
      });
    return following;
  };
}
