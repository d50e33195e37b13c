import type { Request as ExpressRequest, Response as ExpressResponse } from "express";
import type { Database } from "../../db/client";
import { catalogVersion } from "../../db/schema";
import { sendRemixResponse } from "./remix-adapter.server";

/**
 * Rendered public pages, kept per app process and trusted only while the database says nothing
 * they show has changed.
 *
 * The rule: a visitor never sees more places left than there are. Every request still asks the
 * database for the catalog's version (one indexed read of one row); triggers move that version in
 * the same transaction as any change to offerings, dates and their places, instructors or photos
 * (migration 0013), so a booking committed through any app process is seen by the very next
 * request to every process. The version is read before the page's loaders run, so a page is
 * stored under a version no newer than its data: a change that lands mid-render only makes the
 * next request render again.
 *
 * Pages also depend on the clock (a date leaves the lists when booking for it closes), so an entry
 * is kept at most `maxAgeMs`. Only GET requests for the public catalog's paths are cached, and only
 * 200 answers without cookies: those pages read no cookie and no session. The response's CSP nonce
 * is swapped for a placeholder when stored and for the request's own nonce when served.
 */
export type CachedPage = { version: number; storedAt: number; status: number; headers: [string, string][]; html: string };

export type PageCache = {
  /** The key this request's page is cached under, or null when it must not be cached. */
  keyFor(req: ExpressRequest): string | null;
  /** The catalog's version now (read before rendering). */
  currentVersion(): Promise<number>;
  /** The stored page for `key` if it is still good at `version`, with `nonce` in place. */
  lookup(key: string, version: number, nonce: string, now?: number): { status: number; headers: [string, string][]; html: string } | null;
  /** Keeps a freshly rendered page (its HTML carries `nonce`). */
  store(key: string, page: { version: number; status: number; headers: [string, string][]; html: string; nonce: string }, now?: number): void;
  readonly size: number;
};

/** The public pages whose content is the catalog's alone. */
const CACHEABLE_PATHS = [/^\/$/, /^\/workshops\/[a-z0-9-]{1,120}$/, /^\/sessions\/[a-z0-9-]{1,120}$/, /^\/knee-pain-after-running$/, /^\/terms$/];
const NONCE_PLACEHOLDER = "__PAGE_CACHE_NONCE__";
const REPLAYED_HEADERS = new Set(["content-type", "cache-control", "link", "vary"]);

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
    lookup(key, version, nonce, now = Date.now()) {
      const page = pages.get(key);
      if (!page) return null;
      if (page.version !== version || now - page.storedAt > maxAgeMs) {
        pages.delete(key);
        return null;
      }
      return { status: page.status, headers: page.headers, html: page.html.replaceAll(NONCE_PLACEHOLDER, nonce) };
    },
    store(key, { version, status, headers, html, nonce }, now = Date.now()) {
      if (status !== 200 || nonce.length < 16) return;
      if (headers.some(([name]) => name.toLowerCase() === "set-cookie")) return;
      if (pages.size >= maxEntries && !pages.has(key)) pages.delete(pages.keys().next().value!);
      pages.set(key, {
        version,
        storedAt: now,
        status,
        headers: headers.filter(([name]) => REPLAYED_HEADERS.has(name.toLowerCase())),
        html: html.replaceAll(nonce, NONCE_PLACEHOLDER),
      });
    },
    get size() {
      return pages.size;
    },
  };
}

/**
 * Answers one request through the cache: a cacheable page still good at the catalog's current
 * version is sent as stored (`X-Page-Cache: hit`); anything else is rendered by `render` and, when
 * cacheable, stored (`X-Page-Cache: miss`).
 */
export async function answerThroughPageCache(
  cache: PageCache,
  req: ExpressRequest,
  res: ExpressResponse,
  { nonce, render }: { nonce: string; render: () => Promise<Response> },
): Promise<void> {
  const key = cache.keyFor(req);
  if (key === null) return sendRemixResponse(res, await render());
  const version = await cache.currentVersion();
  const hit = cache.lookup(key, version, nonce);
  if (hit) return sendPage(res, { ...hit, cache: "hit" });
  const response = await render();
  if (response.status !== 200 || !response.body || !response.headers.get("Content-Type")?.startsWith("text/html")) {
    return sendRemixResponse(res, response);
  }
  const page = { status: response.status, headers: [...response.headers.entries()], html: await response.text() };
  cache.store(key, { ...page, version, nonce });
  sendPage(res, { ...page, cache: "miss" });
}

function sendPage(res: ExpressResponse, { status, headers, html, cache }: { status: number; headers: [string, string][]; html: string; cache: "hit" | "miss" }) {
  res.status(status);
  for (const [name, value] of headers) if (name.toLowerCase() !== "content-length") res.append(name, value);
  res.setHeader("X-Page-Cache", cache);
  res.end(html);
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
