import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { createSharedRenders } from "./http/shared-renders.server";
import { log } from "./utils/log.server";
import { NonceProvider } from "./utils/nonce";

// What server.mjs takes from the build besides the request handler: start-up and shutdown, the
// logger, and the guards it runs before Remix.
export { startApp, stopApp } from "./startup.server";
export { SHUTDOWN } from "./shutdown";
export { appModeFor } from "./utils/env.server";
export { configureLogging, logger, log } from "./utils/log.server";
export { createRequestLogger, requestLog } from "./http/request-log.server";
export { securityHeaders } from "./http/security-headers.server";
export { routePatternMatcher } from "./http/route-patterns.server";
export { requestGuards } from "./http/guards.server";
export { staffCookieName } from "./staff/sign-in.server";
export { remixRequestFrom, sendRemixResponse } from "./http/remix-adapter.server";
export { answerThroughPageCache, createPageCache } from "./http/page-cache.server";
export { appContext } from "./context.server";

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

/** Pages many people get at once with the same data (a lost race's), rendered once. */
const sharedRenders = createSharedRenders();

function documentResponse(body: Buffer<ArrayBuffer>, status: number, headers: Headers): Response {
  headers.set("Content-Type", "text/html; charset=utf-8");
  headers.set("Content-Length", String(body.byteLength));
  return new Response(body, { headers, status });
}

/**
 * Renders the whole document, then answers with it in one piece. No route defers data, so the
 * shell is the page anyway; streaming it in many small writes only made every write a separate
 * trip through compression (most of a page's CPU in the profile, see the README's Performance).
 * A page many people get at once with the same data is rendered once for all of them.
 */
export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = typeof loadContext.cspNonce === "string" ? loadContext.cspNonce : "";
  const sharedKey = sharedRenders.keyFor(request, responseStatusCode, remixContext);
  const claim = sharedKey === null ? null : sharedRenders.claim(sharedKey, nonce);
  if (claim?.kind === "reuse") {
    const page = await claim.page;
    if (page !== null) {
      // The page's data is in it already: the stream that would carry it goes unread.
      void remixContext.serverHandoffStream?.cancel().catch(() => undefined);
      return documentResponse(Buffer.from(page, "utf8"), responseStatusCode, responseHeaders);
    }
  }
  const rendered = renderDocument(request, responseStatusCode, remixContext, loadContext, nonce);
  if (claim?.kind === "render") claim.done(rendered.then(({ body, status }) => (status === responseStatusCode ? body.toString("utf8") : null)));
  const { body, status } = await rendered;
  return documentResponse(body, status, responseHeaders);
}

function renderDocument(
  request: Request,
  responseStatusCode: number,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
  nonce: string,
): Promise<{ body: Buffer<ArrayBuffer>; status: number }> {
  return new Promise((resolve, reject) => {
    let status = responseStatusCode;
    let renderError: unknown;
    const chunks: Buffer[] = [];
    const document = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
      final(done) {
        clearTimeout(timeout);
        resolve({ body: Buffer.concat(chunks), status });
        done();
      },
    });
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onAllReady() {
          // An error inside a boundary the shell survived; one that broke the shell is Remix's to report.
          if (renderError !== undefined) log.error("Error while rendering a page", { err: renderError, reqId: loadContext.requestId });
          pipe(document);
        },
        onShellError(error: unknown) {
          clearTimeout(timeout);
          reject(error);
        },
        onError(error: unknown) {
          status = 500;
          renderError = error;
        },
      },
    );
    const timeout = setTimeout(abort, ABORT_DELAY + 1_000);
  });
}

export function handleError(error: unknown, { request, context }: { request: Request; context: AppLoadContext }) {
  if (request.signal.aborted) return;
  // Never the URL (it may hold a booking token) nor the error's message (a database error's holds the row).
  log.error(`Unhandled error answering a ${request.method}`, { err: error, reqId: context.requestId });
}
