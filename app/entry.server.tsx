import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { log } from "./utils/log.server";
import { NonceProvider } from "./utils/nonce";

// What server.mjs takes from the build besides the request handler: start-up and shutdown, the
// logger, and the guards it runs before Remix.
export { startApp, stopApp } from "./startup.server";
export { SHUTDOWN } from "./shutdown";
export { appModeFor } from "./utils/env.server";
export { configureLogging, logger, log } from "./utils/log.server";
export { createRequestLogger } from "./http/request-log.server";
export { routePatternMatcher } from "./http/route-patterns.server";
export { requestGuards } from "./http/guards.server";
export { staffCookieName } from "./staff/sign-in.server";
export { remixRequestFrom, sendRemixResponse } from "./http/remix-adapter.server";

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = typeof loadContext.cspNonce === "string" ? loadContext.cspNonce : "";
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) log.error("Error while streaming a page", { err: error, reqId: loadContext.requestId });
        },
      },
    );
    setTimeout(abort, ABORT_DELAY + 1_000);
  });
}

export function handleError(error: unknown, { request, context }: { request: Request; context: AppLoadContext }) {
  if (request.signal.aborted) return;
  // Never the URL (it may hold a booking token) nor the error's message (a database error's holds the row).
  log.error(`Unhandled error answering a ${request.method}`, { err: error, reqId: context.requestId });
}
