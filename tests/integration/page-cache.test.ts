import { createHash } from "node:crypto";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { eq, sql } from "drizzle-orm";
import type { Request as ExpressRequest } from "express";
import { describe, expect, it } from "vitest";
import { bodyIn, createPageCache, sharedReads } from "../../app/http/page-cache.server";
import { instructors, offerings, slots } from "../../db/schema";
import { needsRealPostgres, usingRealPostgres, useTestDatabase } from "../helpers/db";
import { createOffering, createSlot } from "../helpers/fixtures";

const request = (originalUrl: string, method = "GET") =>
  ({ method, originalUrl, path: originalUrl.split("?")[0] }) as unknown as ExpressRequest;

/**
 * The page cache trusts a stored page only while the catalog's version stands still; the
 * version moves with every committed change a public page shows (migration 0014's triggers).
 */
describe("page cache", () => {
  const testDatabase = useTestDatabase();

  it("the catalog's version moves once per committed change to what pages show, and only when it commits", async () => {
    const { db } = testDatabase();
    const cache = createPageCache(db);
    const offering = await createOffering(db, { slug: "page-cache-workshop" });
    const slot = await createSlot(db, offering, "2027-02-02T18:00:00Z");

    const before = await cache.currentVersion();
    await db.transaction(async (tx) => {
      await tx.update(slots).set({ capacity: slot.capacity + 1 }).where(eq(slots.id, slot.id));
      await tx.update(offerings).set({ summary: "Changed twice in one go." }).where(eq(offerings.id, offering.id));
      // Not yet: another process reading now must keep serving what is still true. (The embedded
      // database has one connection, which this transaction holds.)
      if (usingRealPostgres) expect(await cache.currentVersion()).toBe(before);
    });
    expect(await cache.currentVersion()).toBe(before + 1);

    await db.insert(instructors).values({ name: "Page Cache Coach" });
    expect(await cache.currentVersion()).toBe(before + 2);

    // A rolled-back change changes nothing.
    await db
      .transaction(async (tx) => {
        await tx.update(slots).set({ seatsTaken: 2 }).where(eq(slots.id, slot.id));
        tx.rollback();
      })
      .catch(() => undefined);
    expect(await cache.currentVersion()).toBe(before + 2);

    // What pages don't show (a booking's own row) leaves it alone.
    await db.execute(sql`select 1`);
    expect(await cache.currentVersion()).toBe(before + 2);
  });

  it("under load, a caller arriving while a read is in flight waits for a read that starts after it", async () => {
    let reads = 0;
    const pending: ((value: number) => void)[] = [];
    const version = sharedReads(
      () =>
        new Promise<number>((resolve) => {
          reads += 1;
          pending.push(resolve);
        }),
    );
    const early = version(); // read 1 starts
    const late = [version(), version(), version()]; // arrive during read 1: all wait for read 2
    expect(reads).toBe(1);
    pending.shift()!(1); // read 1 answers what was true before the late callers arrived
    expect(await early).toBe(1);
    await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(reads).toBe(2);
    pending.shift()!(2);
    expect(await Promise.all(late)).toEqual([2, 2, 2]);
    // Nothing in flight: the next caller starts a read of its own.
    const alone = version();
    expect(reads).toBe(3);
    pending.shift()!(3);
    expect(await alone).toBe(3);
  });

  it("the real version read sees a commit made while another read was in flight", async () => {
    if (needsRealPostgres("a commit between two reads needs a second connection")) return;
    const { db } = testDatabase();
    const cache = createPageCache(db);
    const before = await cache.currentVersion();
    const early = cache.currentVersion();
    await db.insert(instructors).values({ name: "Mid-read Coach" });
    expect(await early).toBeGreaterThanOrEqual(before);
    const many = await Promise.all(Array.from({ length: 20 }, () => cache.currentVersion()));
    expect(new Set(many)).toEqual(new Set([before + 1]));
  });

  it("keeps a page as the same bytes for everyone: nonces out, its inline scripts' hashes kept, compressed once; only at its version and within its age", () => {
    const cache = createPageCache(testDatabase().db, { maxAgeMs: 5_000 });
    const nonce = "first-nonce-0123456789";
    const html = `<script nonce="${nonce}">window.a = 1;</script><script nonce="${nonce}" src="/build/x.js"></script><p>5 places left</p>`;
    cache.store("/", { version: 7, status: 200, headers: [["Content-Type", "text/html"], ["Content-Length", "60"]], html, nonce }, 1_000);

    const page = cache.lookup("/", 7, 2_000)!;
    const same = `<script>window.a = 1;</script><script src="/build/x.js"></script><p>5 places left</p>`;
    expect(page.bodies.identity.toString("utf8")).toBe(same);
    expect(page.bodies.br).toBeUndefined(); // compressed when first asked for, then kept
    expect(brotliDecompressSync(bodyIn(page, "br")).toString("utf8")).toBe(same);
    expect(bodyIn(page, "br")).toBe(page.bodies.br);
    expect(gunzipSync(bodyIn(page, "gzip")).toString("utf8")).toBe(same);
    expect(page.scriptHashes).toBe(`'sha256-${createHash("sha256").update("window.a = 1;").digest("base64")}'`);
    expect(page.headers).toEqual([["Content-Type", "text/html"]]);

    expect(cache.lookup("/", 8, 2_000)).toBeNull(); // the catalog changed
    cache.store("/", { version: 7, status: 200, headers: [], html, nonce }, 1_000);
    expect(cache.lookup("/", 7, 6_001)).toBeNull(); // too old: a date may have closed
    // A nonce anywhere but a nonce attribute: not kept.
    cache.store("/terms", { version: 7, status: 200, headers: [], html: `<p>${nonce}</p>`, nonce }, 1_000);
    expect(cache.lookup("/terms", 7, 2_000)).toBeNull();
  });

  it("caches only GETs of the public catalog's pages, and never an error or a cookie", () => {
    const cache = createPageCache(testDatabase().db);
    expect(cache.keyFor(request("/"))).toBe("/");
    expect(cache.keyFor(request("/workshops/post-run-knee-reset"))).toBe("/workshops/post-run-knee-reset");
    expect(cache.keyFor(request("/sessions/running-gait-assessment?day=2027-01-05"))).toBe("/sessions/running-gait-assessment?day=2027-01-05");
    for (const uncached of ["/book/0b7c4b8e-1f0b-4c55-9a55-8f1d2e3c4b5a", "/bookings/abc", "/staff", "/?utm=x", "/sessions/x?day=<script>"]) {
      expect(cache.keyFor(request(uncached)), uncached).toBeNull();
    }
    expect(cache.keyFor(request("/", "POST"))).toBeNull();

    cache.store("/terms", { version: 1, status: 404, headers: [], html: "<p>gone</p>", nonce: "nonce-0123456789abcdef" });
    cache.store("/", { version: 1, status: 200, headers: [["Set-Cookie", "a=b"]], html: "<p>mine</p>", nonce: "nonce-0123456789abcdef" });
    expect(cache.size).toBe(0);
  });
});
