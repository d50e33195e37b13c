import { describe, expect, it } from "vitest";
import { holdCookie, readHoldToken } from "../../app/booking/hold-cookie.server";

const requestWith = (setCookie: string) => new Request("https://book.example/book/x", { headers: { Cookie: setCookie.split(";")[0]! } });

describe("the hold cookie", () => {
  it("in production is Secure, HttpOnly, Lax and __Host- prefixed (path /, no domain)", async () => {
    const header = await holdCookie("production").serialize("token-123");
    expect(header).toMatch(/^__Host-pfm_hold=/);
    expect(header).toMatch(/; Secure(;|$)/);
    expect(header).toMatch(/; HttpOnly(;|$)/);
    expect(header).toMatch(/; SameSite=Lax(;|$)/);
    expect(header).toMatch(/; Path=\/(;|$)/);
    expect(header).not.toMatch(/Domain=/i);
    expect(await readHoldToken(requestWith(header), "production")).toBe("token-123");
    // A cookie without the prefix (which anyone on a sibling host or plain http could plant) is ignored.
    expect(await readHoldToken(requestWith(await holdCookie("demo").serialize("planted")), "production")).toBeNull();
  });

  it("in demo mode works on plain http://localhost: not Secure, no prefix", async () => {
    const header = await holdCookie("demo").serialize("token-456");
    expect(header).toMatch(/^pfm_hold=/);
    expect(header).not.toMatch(/Secure/);
    expect(header).toMatch(/; HttpOnly(;|$)/);
    expect(await readHoldToken(requestWith(header), "demo")).toBe("token-456");
  });
});
