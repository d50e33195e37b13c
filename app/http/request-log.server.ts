import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { NextFunction } from "express";
import type { Logger } from "pino";
import { pinoHttp } from "pino-http";
import { describeError, logger } from "../utils/log.server";

/** An incoming X-Request-Id we pass on (a proxy's or load balancer's); anything else is replaced. */
const VALID_REQUEST_ID = /^[\w.:-]{1,64}$/;

export function requestIdFor(incoming: string | string[] | undefined): string {
  return typeof incoming === "string" && VALID_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

const pathOf = (url: string | undefined) => (url ?? "/").split("?")[0] ?? "/";

/**
 * pino-http, with serializers of our own: a request is its method and route pattern, a response
 * its status, an error describeError's summary. No URL, query string, header or cookie is ever
 * logged. Every request gets an id (`req.id`, the `X-Request-Id` response header), logged or
 * not; static files under /build/ are never logged. Use `requestLog(req)` for a request's logger.
 *
 * With request logs off (LOG_REQUESTS=false) pino-http is left out: it would make three child
 * loggers for every request (~10 KB, the largest allocation per cached page; README
 * "Performance"), and a request that logs nothing needs none. requestLog then makes the one
 * child the first time something about that request is logged.
 */
export function createRequestLogger({
  routePattern,
  logRequests,
}: {
  routePattern: (pathname: string) => string;
  logRequests: boolean;
}) {
  const routes = new WeakMap<IncomingMessage, string>();
  const routeOf = (req: IncomingMessage) => {
    let route = routes.get(req);
    if (route === undefined) {
      route = routePattern(pathOf(req.url));
      routes.set(req, route);
    }
    return route;
  };
  routeForLog = routeOf;
  if (!logRequests) {
    return function requestId(req: IncomingMessage, res: ServerResponse, next: NextFunction) {
      req.id = requestIdFor(req.headers["x-request-id"]);
      res.setHeader("X-Request-Id", req.id);
      next();
    };
  }
  return pinoHttp({
    logger: logger(),
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage) => ({ method: req.method, route: routeOf(req) }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      err: describeError,
    },
    genReqId: (req, res) => {
      const id = requestIdFor(req.headers["x-request-id"]);
      res.setHeader("X-Request-Id", id);
      return id;
    },
    customProps: (req) => ({ reqId: req.id }),
    autoLogging: logRequests ? { ignore: (req) => pathOf(req.url).startsWith("/build/") } : false,
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? "error" : "info"),
    customSuccessMessage: (req, res, ms) => `${req.method} ${routeOf(req)} ${res.statusCode} in ${ms} ms`,
    customErrorMessage: (req, res) => `${req.method} ${routeOf(req)} failed with ${res.statusCode}`,
  });
}

/** The route pattern of a request, for requestLog when pino-http isn't there to say it. */
let routeForLog: (req: IncomingMessage) => string = (req) => pathOf(req.url);

/**
 * The request's logger: its lines carry the request (method and route pattern) and `reqId`.
 * pino-http's when request logs are on; otherwise made the first time it is needed.
 */
export function requestLog(req: IncomingMessage): Logger {
  const existing = (req as { log?: Logger }).log;
  if (existing) return existing;
  const made = logger().child({ req: { method: req.method, route: routeForLog(req) }, reqId: req.id });
  req.log = made;
  return made;
}
