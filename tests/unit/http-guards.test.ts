import { describe, expect, it } from "vitest";
import { crossSiteRefusal, type CrossSiteCheck } from "../../app/http/cross-site.server";
import { bodyRuleFor, carriesCookie, FORM_BODY_LIMIT, PHOTO_UPLOAD_BODY_LIMIT, WEBHOOK_BODY_LIMIT } from "../../app/http/request-body.server";
import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import { createRequestLogger, requestIdFor, requestLog } from "../../app/http/request-log.server";
import { NO_ROUTE, routePatternMatcher } from "../../app/http/route-patterns.server";
import { captureLogs } from "../helpers/logs";

describe("route patterns for the logs", () => {
  // The shape of the build's manifest for flat routes (build.routes).
  const patternOf = routePatternMatcher({
    root: { id: "root", path: "" },
    "routes/_index": { id: "routes/_index", parentId: "root", index: true },
    "routes/book.$slotId": { id: "routes/book.$slotId", parentId: "root", path: "book/:slotId" },
    "routes/bookings.$token": { id: "routes/bookings.$token", parentId: "root", path: "bookings/:token" },
    "routes/bookings.$token.cancel": { id: "routes/bookings.$token.cancel", parentId: "root", path: "bookings/:token/cancel" },
    "routes/webhooks.stripe": { id: "routes/webhooks.stripe", parentId: "root", path: "webhooks/stripe" },
    "routes/$": { id: "routes/$", parentId: "root", path: "*" },
  });

  it("names the route, never the token or id in the path", () => {
    expect(patternOf("/")).toBe("/");
    expect(patternOf("/book/2b1c1e4e-0000-4000-8000-000000000000")).toBe("/book/:slotId");
    expect(patternOf("/bookings/s3cr3t-t0ken")).toBe("/bookings/:token");
    expect(patternOf("/bookings/s3cr3t-t0ken/cancel")).toBe("/bookings/:token/cancel");
    expect(patternOf("/webhooks/stripe")).toBe("/webhooks/stripe");
    expect(patternOf("/no/such/page")).toBe("/*");
    expect(routePatternMatcher({})("/anything")).toBe(NO_ROUTE);
  });
});

describe("request ids", () => {
  it("passes on a well-formed incoming id and replaces anything else", () => {
    expect(requestIdFor("lb-1234.abc:5")).toBe("lb-1234.abc:5");
    for (const bad of [undefined, "", "has space", "x".repeat(65), ["a", "b"], "new\nline"]) {
      expect(requestIdFor(bad)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe("a request's logger", () => {
  function handled(logRequests: boolean, headers: Record<string, string> = {}) {
    const req = new IncomingMessage(new Socket());
    Object.assign(req, { method: "POST", url: "/bookings/s3cr3t-t0ken/cancel?x=1", headers });
    const res = new ServerResponse(req);
    let nextCalled = false;
    const middleware = createRequestLogger({ routePattern: () => "/bookings/:token/cancel", logRequests });
    middleware(req as never, res as never, () => (nextCalled = true));
    expect(nextCalled).toBe(true);
    return { req, res };
  }

  it.each([false, true])("with request logs %s, every request gets an id, and a line about it names the id and route, never the path", (logRequests) => {
    const logs = captureLogs();
    try {
      const { req, res } = handled(logRequests, { "x-request-id": "lb-77" });
      expect(req.id).toBe("lb-77");
      expect(res.getHeader("X-Request-Id")).toBe("lb-77");
      requestLog(req).warn("Refused something");
      expect(requestLog(req)).toBe(requestLog(req));
    } finally {
      logs.restore();
    }
    expect(logs.lines).toEqual([expect.objectContaining({ msg: "Refused something", reqId: "lb-77", req: { method: "POST", route: "/bookings/:token/cancel" } })]);
    expect(logs.text()).not.toContain("s3cr3t");
  });

  it("with request logs off, no logger is made for a request that logs nothing", () => {
    const { req } = handled(false);
    expect(req.id).toMatch(/^[0-9a-f-]{36}$/);
    expect((req as { log?: unknown }).log).toBeUndefined();
  });
});

describe("body limits", () => {
  it("1 MB for Stripe's webhook, 32 KB for everything else", () => {
    expect(bodyRuleFor("POST", "/webhooks/stripe")).toMatchObject({ limitBytes: WEBHOOK_BODY_LIMIT, answer: "json" });
    expect(bodyRuleFor("POST", "/book/abc")).toMatchObject({ limitBytes: FORM_BODY_LIMIT, answer: "page" });
    expect(bodyRuleFor("PUT", "/webhooks/stripe").limitBytes).toBe(FORM_BODY_LIMIT);
    expect(WEBHOOK_BODY_LIMIT).toBe(1024 * 1024);
    expect(FORM_BODY_LIMIT).toBe(32 * 1024);
  });

  it("10 MB + 64 KB for a photo upload, only to the photo routes and only with the staff cookie", () => {
    const staff = { hasStaffCookie: true };
    expect(PHOTO_UPLOAD_BODY_LIMIT).toBe(10 * 1024 * 1024 + 64 * 1024);
    expect(bodyRuleFor("POST", "/staff/offerings/0b7c6f1e-2f63-4a5e-9a37-1d2e3f4a5b6c/photo", staff).limitBytes).toBe(PHOTO_UPLOAD_BODY_LIMIT);
    expect(bodyRuleFor("POST", "/staff/instructors/abc/photo", staff).limitBytes).toBe(PHOTO_UPLOAD_BODY_LIMIT);
    // Without the cookie (a visitor), other methods, and every other path: the forms' 32 KB.
    expect(bodyRuleFor("POST", "/staff/offerings/abc/photo").limitBytes).toBe(FORM_BODY_LIMIT);
    expect(bodyRuleFor("PUT", "/staff/offerings/abc/photo", staff).limitBytes).toBe(FORM_BODY_LIMIT);
    expect(bodyRuleFor("POST", "/staff/offerings/abc", staff).limitBytes).toBe(FORM_BODY_LIMIT);
    expect(bodyRuleFor("POST", "/staff/offerings/abc/photo/extra", staff).limitBytes).toBe(FORM_BODY_LIMIT);
    expect(bodyRuleFor("POST", "/staff/offerings/a/b/photo", staff).limitBytes).toBe(FORM_BODY_LIMIT);
    expect(bodyRuleFor("POST", "/book/abc", staff).limitBytes).toBe(FORM_BODY_LIMIT);
  });

  it("looks for the staff cookie by its name only", () => {
    expect(carriesCookie("a=1; pfm_staff=xyz", "pfm_staff")).toBe(true);
    expect(carriesCookie("pfm_staff=xyz", "pfm_staff")).toBe(true);
    expect(carriesCookie("not_pfm_staff=xyz", "pfm_staff")).toBe(false);
    expect(carriesCookie("a=pfm_staff=xyz", "pfm_staff")).toBe(false);
    expect(carriesCookie(undefined, "pfm_staff")).toBe(false);
  });
});

describe("cross-site requests", () => {
  const check = (overrides: Partial<CrossSiteCheck>) =>
    crossSiteRefusal({ method: "POST", path: "/book/abc", host: "book.example", origin: undefined, secFetchSite: undefined, ...overrides });

  it("refuses an unsafe request from another site, by Sec-Fetch-Site or by Origin", () => {
    expect(check({ secFetchSite: "cross-site" })).toContain("cross-site");
    expect(check({ origin: "https://evil.example" })).toContain("evil.example");
    expect(check({ origin: "https://book.example.evil.example" })).not.toBeNull();
    expect(check({ origin: "https://book.example:8443" })).not.toBeNull();
    expect(check({ origin: "null" })).toBe("Origin null");
    expect(check({ method: "DELETE", origin: "https://evil.example" })).not.toBeNull();
  });

  it("lets same-origin requests, requests without Origin, safe methods and Stripe's webhook through", () => {
    expect(check({ origin: "https://book.example", secFetchSite: "same-origin" })).toBeNull();
    expect(check({ origin: "https://BOOK.example" })).toBeNull();
    expect(check({})).toBeNull();
    expect(check({ method: "GET", secFetchSite: "cross-site", origin: "https://evil.example" })).toBeNull();
    expect(check({ path: "/webhooks/stripe", secFetchSite: "cross-site", origin: "https://evil.example" })).toBeNull();
  });
});
