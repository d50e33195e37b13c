import type { EntryContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { createSharedRenders, type SharesRender } from "../../app/http/shared-renders.server";

const NONCE_A = "AAAAAAAAAAAAAAAAAAAAAA==";
const NONCE_B = "BBBBBBBBBBBBBBBBBBBBBB==";
const NONCE_C = "CCCCCCCCCCCCCCCCCCCCCC==";
const page = (nonce: string, text = "This date just filled up") => `<html><script nonce="${nonce}">1</script><p>${text}</p><script nonce="${nonce}">2</script></html>`;

const lostRace: SharesRender = ({ status, actionData }) => status === 409 && (actionData as { kind?: string } | undefined)?.kind === "full";

function context({ loaderData = { "routes/book": { seatsLeft: 0 } }, actionData = { kind: "full" } as unknown, handle = { sharesRender: lostRace } as unknown } = {}) {
  return {
    staticHandlerContext: {
      matches: [{ route: { id: "root" } }, { route: { id: "routes/book" } }],
      loaderData,
      actionData: actionData === undefined ? null : { "routes/book": actionData },
      errors: null,
    },
    routeModules: { root: {}, "routes/book": { handle } },
  } as unknown as EntryContext;
}

const post = (path = "/book/slot-1") => new Request(`http://localhost${path}`, { method: "POST" });

describe("shared renders", () => {
  it("shares only the answers a route opts in, keyed by everything the page is rendered from", () => {
    const renders = createSharedRenders();
    const key = renders.keyFor(post(), 409, context());
    expect(key).not.toBeNull();
    expect(renders.keyFor(post(), 409, context())).toBe(key);
    expect(renders.keyFor(post(), 400, context())).toBeNull();
    expect(renders.keyFor(post(), 409, context({ actionData: { kind: "invalid", values: { notes: "left knee" } } }))).toBeNull();
    expect(renders.keyFor(post(), 409, context({ handle: {} }))).toBeNull();
    expect(renders.keyFor(post("/book/slot-2"), 409, context())).not.toBe(key);
    expect(renders.keyFor(post(), 409, context({ loaderData: { "routes/book": { seatsLeft: 1 } } }))).not.toBe(key);
  });

  it("renders once for answers arriving together, each with its own nonce, then reuses the stored page", async () => {
    const renders = createSharedRenders();
    const key = renders.keyFor(post(), 409, context())!;
    const first = renders.claim(key, NONCE_A);
    expect(first.kind).toBe("render");
    let finish!: (html: string) => void;
    if (first.kind === "render") first.done(new Promise((resolve) => (finish = resolve)));

    const waiting = renders.claim(key, NONCE_B);
    expect(waiting.kind).toBe("reuse");
    finish(page(NONCE_A));
    expect(waiting.kind === "reuse" && (await waiting.page)).toBe(page(NONCE_B));
    await Promise.resolve();
    expect(renders.size).toBe(1);

    const later = renders.claim(key, NONCE_C);
    expect(later.kind === "reuse" && (await later.page)).toBe(page(NONCE_C));
  });

  it("a failed render leaves the waiting answers to render for themselves, and stores nothing", async () => {
    const renders = createSharedRenders();
    const key = renders.keyFor(post(), 409, context())!;
    const first = renders.claim(key, NONCE_A);
    if (first.kind === "render") first.done(Promise.resolve(null));
    const waiting = renders.claim(key, NONCE_B);
    expect(waiting.kind === "reuse" && (await waiting.page)).toBeNull();
    await Promise.resolve();
    expect(renders.size).toBe(0);
    expect(renders.claim(key, NONCE_B).kind).toBe("render");
  });

  it("keeps no page whose nonce shows up outside a nonce attribute, and none past its age", async () => {
    const renders = createSharedRenders({ maxAgeMs: 1_000 });
    const key = renders.keyFor(post(), 409, context())!;
    const odd = renders.claim(key, NONCE_A);
    if (odd.kind === "render") odd.done(Promise.resolve(page(NONCE_A, `the nonce ${NONCE_A} in the text`)));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(renders.size).toBe(0);

    const fine = renders.claim(key, NONCE_A);
    if (fine.kind === "render") fine.done(Promise.resolve(page(NONCE_A)));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(renders.claim(key, NONCE_B, Date.now() + 500).kind).toBe("reuse");
    expect(renders.claim(key, NONCE_B, Date.now() + 2_000).kind).toBe("render");
  });
});
