import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
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
 * logged. Every request gets an id (`req.id`, `req.log`, the `X-Request-Id` response header),
 * logged or not; static files under /build/ are never logged.
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
