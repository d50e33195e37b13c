import type { NextFunction, Request, Response } from "express";
import { log } from "../utils/log.server";
import { crossSiteRefusal } from "./cross-site.server";
import { BODY_TOO_LARGE, CROSS_SITE_FORM, refusalPage, type Refusal } from "./refusal-page.server";
import { requestHost } from "./request-host.server";
import { bodyRuleFor, hasBody, readRequestBody } from "./request-body.server";

/**
 * Express middleware that runs before Remix: refuse cross-site forms, then read the body within
 * its route's limit and keep it in `res.locals.body` for the Remix request.
 */
export function requestGuards({ studioName }: { studioName: string }) {
  function refuse(req: Request, res: Response, refusal: Omit<Refusal, "retryPath">, json?: object) {
    // An unread body stays unread: the connection closes after this answer instead of draining it.
    if (hasBody(req) && !req.readableEnded) res.set("Connection", "close");
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
    req.log.warn(`Refused a cross-site ${req.method}: ${reason}`);
    refuse(req, res, CROSS_SITE_FORM);
  }

  async function readBody(req: Request, res: Response, next: NextFunction) {
    const rule = bodyRuleFor(req.method, req.path);
    const bodyless = req.method === "GET" || req.method === "HEAD";
    // GET and HEAD carry no body to Remix; one sent anyway is still held to the limit, then dropped.
    if (bodyless && !hasBody(req)) return next();
    const read = await readRequestBody(req, rule.limitBytes);
    switch (read.kind) {
      case "read":
        if (!bodyless) res.locals.body = read.body;
        return next();
      case "too_large":
        req.log.warn(`Refused a request body over ${rule.limitBytes} bytes (stopped reading at ${read.receivedBytes})`);
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
