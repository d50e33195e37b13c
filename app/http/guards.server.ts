import type { NextFunction, Request, Response } from "express";
import { crossSiteRefusal } from "./cross-site.server";
import { BODY_TOO_LARGE, CROSS_SITE_FORM, refusalPage, type Refusal } from "./refusal-page.server";
import { requestHost } from "./request-host.server";
import { requestLog } from "./request-log.server";
import { bodyRuleFor, carriesCookie, hasBody, readRequestBody } from "./request-body.server";

/** After a refusal, what the client is still sending is discarded (never kept) this long at most… */
export const LINGER_MS = 1_000;
/** …and up to this much, before the connection is cut. */
export const LINGER_BYTES = 64 * 1024 * 1024;

/**
 * An unread body stays unread: with `Connection: close` the connection ends after this answer
 * instead of Node reading (and throwing away) the whole rest of the upload. But closing a socket
 * with unread data makes the kernel send a reset, which can reach the client before it has read
 * our answer (seen here: half of 100 MB uploads got EPIPE and no 413 when the cut came a few
 * milliseconds after the answer). So, like a web server's "lingering close", we end our side once
 * the answer is out, discard what is still arriving (LINGER_MS, LINGER_BYTES at most), and cut
 * the connection then; a client that has read the answer stops sending and closes first.
 */
function closeAfterAnswer(req: Request, res: Response) {
  res.set("Connection", "close");
  const socket = req.socket;
  // Node calls destroySoon once the answer is written (Connection: close); end gently instead.
  socket.destroySoon = () => {
    socket.end();
    let discarded = 0;
    const cut = () => socket.destroy();
    const timer = setTimeout(cut, LINGER_MS);
    socket.once("close", () => {
      clearTimeout(timer);
      requestLog(req).info(`Connection closed after the refusal; ${discarded} more bytes arrived and were discarded`);
    });
    req.on("data", (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > LINGER_BYTES) cut();
    });
    req.resume();
  };
}

/**
 * Express middleware that runs before Remix: refuse cross-site forms, then read the body within
 * its route's limit and keep it in `res.locals.body` for the Remix request.
 */
export function requestGuards({ studioName, staffCookieName }: { studioName: string; staffCookieName: string }) {
  function refuse(req: Request, res: Response, refusal: Omit<Refusal, "retryPath">, json?: object) {
    if (hasBody(req) && !req.readableEnded) closeAfterAnswer(req, res);
    res.status(refusal.status).set("Cache-Control", "no-store");
    if (json) res.json(json);
    else res.type("html").send(refusalPage({ ...refusal, retryPath: req.path }, { studioName }));
  }

  function refuseCrossSite(req: Request, res: Response, next: NextFunction) {
    const reason = crossSiteRefusal({
      method: req.method,
      path: req.path,
      host: requestHost(req),
      origin: req.get("Origin"),
      secFetchSite: req.get("Sec-Fetch-Site"),
    });
    if (reason === null) return next();
    requestLog(req).warn(`Refused a cross-site ${req.method}: ${reason}`);
    refuse(req, res, CROSS_SITE_FORM);
  }

  async function readBody(req: Request, res: Response, next: NextFunction) {
    const rule = bodyRuleFor(req.method, req.path, { hasStaffCookie: carriesCookie(req.headers.cookie, staffCookieName) });
    const bodyless = req.method === "GET" || req.method === "HEAD";
    // GET and HEAD carry no body to Remix; one sent anyway is still held to the limit, then dropped.
    if (bodyless && !hasBody(req)) return next();
    const read = await readRequestBody(req, rule.limitBytes);
    switch (read.kind) {
      case "read":
        if (!bodyless) res.locals.body = read.body;
        return next();
      case "too_large":
        requestLog(req).warn(`Refused a request body over ${rule.limitBytes} bytes (stopped reading at ${read.receivedBytes})`);
        return refuse(
          req,
          res,
          BODY_TOO_LARGE,
          rule.answer === "json" ? { error: "Payload too large", limitBytes: rule.limitBytes } : undefined,
        );
      case "unreadable":
        // The client went away mid-body, or sent less than it declared: nobody is waiting for an answer.
        res.set("Connection", "close");
        res.status(400).type("text").send("The request body could not be read.");
        return;
    }
  }

  return {
    refuseCrossSite,
    readBody: (req: Request, res: Response, next: NextFunction) => void readBody(req, res, next).catch(next),
  };
}
