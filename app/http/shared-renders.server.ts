import type { EntryContext } from "@remix-run/node";

/**
 * Answers many people get at the same moment with the same data are rendered once.
 *
 * When a popular date fills up, everyone who submitted the booking form a moment too late gets
 * the same "this date just filled up" page: the same loader data, the same action answer, the
 * same HTML but for the nonce. Rendering it again for each of them was the largest cost of a
 * lost race (README "Performance"). A route opts in with a `handle.sharesRender` that says
 * which of its answers may be shared; those must carry no personal data (a lost race's answer is
 * the date and the other dates).
 *
 * The key is everything the page is rendered from: the URL, the status, every route's loader
 * data, the action's answer and any errors, as JSON. So a page is only ever reused for exactly
 * the data it was rendered from: a place freed, a date added, a price changed, and the key is
 * another. The route's components must render from that data alone (no clock, no randomness):
 * that is what opting in promises. The nonce is the one thing that differs per response; the
 * stored page keeps the places it goes, and each answer gets its own.
 */
export type SharesRender = (answer: { status: number; actionData: unknown }) => boolean;

type StoredRender = { parts: string[]; storedAt: number };

/**
 * What an answer with a shared key does: take the page stored or being rendered for it (null if
 * that render failed: render it yourself), or render it and hand the result over with `done`.
 */
export type RenderClaim =
  | { kind: "reuse"; page: Promise<string | null> }
  | { kind: "render"; done: (html: Promise<string | null>) => void };

export type SharedRenders = {
  /** The key this answer's page is shared under, or null when it must be rendered for itself. */
  keyFor(request: Request, status: number, context: EntryContext): string | null;
  /**
   * The page for `key` with `nonce` in its place, stored or being rendered (answers arriving
   * together wait for the one render); else this answer renders it and says so through `done`.
   */
  claim(key: string, nonce: string, now?: number): RenderClaim;
  readonly size: number;
};

const nonceAttribute = (nonce: string) => ` nonce="${nonce}"`;

export function createSharedRenders({ maxEntries = 20, maxAgeMs = 10_000 } = {}): SharedRenders {
  const pages = new Map<string, StoredRender>();
  const rendering = new Map<string, Promise<string[] | null>>();

  /** The page rendered with `nonce`, split where its nonce goes; null if the nonce shows up anywhere else. */
  const split = (html: string, nonce: string): string[] | null => {
    if (nonce.length < 16) return null;
    const parts = html.split(nonceAttribute(nonce));
    return parts.some((part) => part.includes(nonce)) ? null : parts;
  };

  return {
    keyFor(request, status, context) {
      const { staticHandlerContext: handler, routeModules } = context;
      const leaf = handler.matches.at(-1);
      if (!leaf) return null;
      const handle = routeModules[leaf.route.id]?.handle as { sharesRender?: SharesRender } | undefined;
      if (!handle?.sharesRender?.({ status, actionData: handler.actionData?.[leaf.route.id] })) return null;
      const url = new URL(request.url);
      return JSON.stringify([request.method, url.pathname, url.search, status, handler.loaderData, handler.actionData, handler.errors]);
    },
    claim(key, nonce, now = Date.now()) {
      const stored = pages.get(key);
      if (stored && now - stored.storedAt <= maxAgeMs) {
        return { kind: "reuse", page: Promise.resolve(stored.parts.join(nonceAttribute(nonce))) };
      }
      if (stored) pages.delete(key);
      const inFlight = rendering.get(key);
      if (inFlight) return { kind: "reuse", page: inFlight.then((parts) => parts?.join(nonceAttribute(nonce)) ?? null) };
      return {
        kind: "render",
        done(html) {
          const parts = html.then((rendered) => (rendered === null ? null : split(rendered, nonce))).catch(() => null);
          rendering.set(key, parts);
          void parts.then((done) => {
            rendering.delete(key);
            if (!done) return;
            if (pages.size >= maxEntries && !pages.has(key)) pages.delete(pages.keys().next().value!);
            pages.set(key, { parts: done, storedAt: Date.now() });
          });
        },
      };
    },
    get size() {
      return pages.size;
    },
  };
}
