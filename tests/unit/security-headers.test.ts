import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import helmet from "helmet";
import { describe, expect, it } from "vitest";
import { headersSetBy, helmetOptions, securityHeaders, type SecurityHeaderSettings } from "../../app/http/security-headers.server";

type Locals = { locals: Record<string, string> };

/** Runs the once-worked-out middleware on a fresh response, as Express would. */
function answer(middleware: ReturnType<typeof securityHeaders>) {
  const res = Object.assign(new ServerResponse(new IncomingMessage(new Socket())), { locals: {} }) as ServerResponse & Locals;
  let nextCalled = false;
  const names: string[] = [];
  const setHeader = res.setHeader.bind(res);
  res.setHeader = (name, value) => (names.push(name), setHeader(name, value));
  middleware({} as never, res as never, () => (nextCalled = true));
  expect(nextCalled).toBe(true);
  return { headers: res.getHeaders(), names, nonce: res.locals.cspNonce! };
}

const settingsCases: [string, SecurityHeaderSettings][] = [
  ["demo on http", { publicBaseUrl: "http://localhost:3000", isDevelopment: false }],
  ["production on https with a Stripe test server", { publicBaseUrl: "https://book.example.com", stripeApiBase: "http://127.0.0.1:12111", isDevelopment: false }],
  ["remix dev", { publicBaseUrl: "http://localhost:3000", isDevelopment: true }],
];

describe("security headers worked out once", () => {
  it.each(settingsCases)("%s: the same headers helmet sets per response, with this response's nonce", (_label, settings) => {
    const middleware = securityHeaders(settings);
    const first = answer(middleware);
    const second = answer(middleware);
    expect(first.nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(second.nonce).not.toBe(first.nonce);
    for (const { headers, names, nonce } of [first, second]) {
      const helmetPerResponse = headersSetBy(helmet(helmetOptions(settings, () => `'nonce-${nonce}'`)));
      expect(names).toEqual(helmetPerResponse.map(([name]) => name));
      expect(headers).toEqual(Object.fromEntries(helmetPerResponse.map(([name, value]) => [name.toLowerCase(), value])));
      expect(headers["content-security-policy"]).toContain(`script-src 'self' 'nonce-${nonce}'`);
    }
  });

  it("sends HSTS and upgrade-insecure-requests only for an https site", () => {
    const plain = answer(securityHeaders(settingsCases[0]![1])).headers;
    const secure = answer(securityHeaders(settingsCases[1]![1])).headers;
    expect(plain["strict-transport-security"]).toBeUndefined();
    expect(plain["content-security-policy"]).not.toContain("upgrade-insecure-requests");
    expect(secure["strict-transport-security"]).toMatch(/max-age=\d+/);
    expect(secure["content-security-policy"]).toContain("upgrade-insecure-requests");
    expect(secure["content-security-policy"]).toContain("form-action 'self' https://book.example.com https://checkout.stripe.com http://127.0.0.1:12111");
  });
});
