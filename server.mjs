// The app server: Express around the Remix build. It owns what Remix leaves to the server:
// the mode decision, start-up (config, database, migrations), structured request logs, security
// headers, static files, cross-site and body-size guards, and a graceful shutdown that lets jobs
// in flight finish and closes the database. The pieces it runs live in the build (app/http/,
// app/utils/log.server.ts, app/shutdown.ts); this file wires them in order.
import { statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { broadcastDevReady, createRequestHandler, installGlobals } from "@remix-run/node";
import compression from "compression";
import express from "express";

// The operator decides the mode: NODE_ENV=production in the environment they start us with
// (the build's appModeFor reads it). `remix dev` sets NODE_ENV=development for the development
// server, which is demo mode too.
const operatorNodeEnv = process.env.NODE_ENV;
const isDevelopment = operatorNodeEnv === "development";
// Serve the optimised build (React's production code paths) unless developing.
if (!isDevelopment) process.env.NODE_ENV = "production";

installGlobals({ nativeFetch: true });

const BUILD_PATH = path.resolve("build/index.js");
const importBuild = () => import(`${pathToFileURL(BUILD_PATH).href}?t=${statSync(BUILD_PATH).mtimeMs}`);

let build;
try {
  build = await importBuild();
} catch (error) {
  // The logger lives in the build, so this one message goes to stderr as it is.
  console.error(`Could not load the server build at ${BUILD_PATH}. Run "npm run build" first.\n`, error);
  process.exit(1);
}
const kit = build.entry.module;

const mode = kit.appModeFor(operatorNodeEnv);
const logger = kit.configureLogging({ mode, source: process.env, stdoutIsTerminal: Boolean(process.stdout.isTTY) });

let app;
try {
  app = await kit.startApp({ mode });
} catch (error) {
  if (error instanceof Error && error.name === "ConfigError") logger.error(error.message);
  // Before the first request there is no customer data anywhere, so the message can help the operator.
  else logger.error({ err: error, message: error instanceof Error ? error.message : String(error) }, "Start-up failed");
  logger.error("The server did not start.");
  process.exit(1);
}
const { env } = app;
const { SHUTDOWN } = kit;

const server = express();
server.disable("x-powered-by");
// X-Forwarded-For (and -Proto, -Host) count only from the proxies the operator names: req.ip,
// the client address the booking rate limit and hold limits use, depends on it.
server.set("trust proxy", env.trustProxy);

// First, so every request has its id (X-Request-Id) and logger, refused ones included.
server.use(kit.createRequestLogger({ routePattern: kit.routePatternMatcher(build.routes), logRequests: env.logRequests }));
// helmet's headers, worked out once, with a fresh CSP nonce for each response (res.locals.cspNonce).
server.use(kit.securityHeaders({ publicBaseUrl: env.publicBaseUrl, stripeApiBase: process.env.STRIPE_API_BASE, isDevelopment }));
// Compression wraps the response of whatever may need it: static files and rendered pages. A page
// sent from the page cache is already compressed (once, when stored), so it skips this wrapping,
// the second-largest allocation per cached page (README "Performance").
const compress = compression();
// Fingerprinted assets can be cached forever; everything else in public/ for an hour.
server.use("/build", compress, express.static("public/build", { immutable: true, maxAge: "1y" }));
// The email's pictures (made by `npm run build`) keep their address for mail already sent: a week.
// Webmail (and the demo mailbox's sandboxed frame) loads them from another origin, which helmet's
// default Cross-Origin-Resource-Policy (same-origin) would block.
server.use(
  "/email",
  compress,
  express.static("public/email", { maxAge: "7d", setHeaders: (res) => res.setHeader("Cross-Origin-Resource-Policy", "cross-origin") }),
);
// Every file in public/ has an extension: a page's path has none and goes straight on, without
// the file system lookup static serving would make for it on every page view.
const publicFiles = express.static("public", { maxAge: "1h" });
server.use((req, res, next) => (path.extname(req.path) ? compress(req, res, () => publicFiles(req, res, next)) : next()));

// Cross-site forms are refused (403) before their body is read; every body is then read within
// its route's limit (413 past it, app/http/request-body.server.ts) and handed to Remix whole.
// The photo upload routes read up to 10 MB + 64 KB, and only with a staff session cookie.
const guards = kit.requestGuards({ studioName: env.studio.name, staffCookieName: kit.staffCookieName(mode) });
server.use(guards.refuseCrossSite);
server.use(guards.readBody);

const handleRemixRequest = createRequestHandler(isDevelopment ? importBuild : build, isDevelopment ? "development" : "production");

// The public catalog's pages, rendered once and served again while the database says nothing they
// show has changed (app/http/page-cache.server.ts); not while developing, where the build changes.
const pageCache = isDevelopment ? null : kit.createPageCache(kit.appContext().database.db);

server.all("*", async (req, res, next) => {
  try {
    const loadContext = {
      cspNonce: res.locals.cspNonce,
      clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
      requestId: String(req.id),
    };
    const render = () => {
      compress(req, res, () => {});
      return handleRemixRequest(kit.remixRequestFrom(req, res), loadContext);
    };
    if (pageCache) await kit.answerThroughPageCache(pageCache, req, res, { nonce: res.locals.cspNonce, render });
    else await kit.sendRemixResponse(res, await render());
  } catch (error) {
    next(error);
  }
});

// Anything thrown outside Remix's own error handling: logged by describeError, never as a whole object.
server.use((error, req, res, _next) => {
  kit.requestLog(req).error({ err: error }, "Request failed");
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.status(500).type("text").send("Something went wrong on our side. Please try again in a minute.");
});

const listener = server.listen(env.port, env.host, () => {
  logger.info(`${env.studio.name} is ready on ${env.publicBaseUrl} (listening on ${env.host}:${env.port}, ${mode} mode).`);
  if (isDevelopment) broadcastDevReady(build);
});

// SIGTERM: stop accepting connections and stop fetching jobs at once; open requests get
// SHUTDOWN.openRequestsMs while running jobs get SHUTDOWN.jobsInFlightMs, side by side; then the
// job queue, the mailer and the pool close. Past SHUTDOWN.hardStopMs the process exits anyway.
let shuttingDown = false;
async function shutdown(signal) {
  if (shuttingDown) return;
  shuttingDown = true;
  logger.info(`${signal} received: finishing open requests and running jobs, then closing the database.`);
  setTimeout(() => {
    logger.error(`Shutdown took longer than ${SHUTDOWN.hardStopMs} ms; exiting anyway.`);
    process.exit(1);
  }, SHUTDOWN.hardStopMs).unref();
  const requestsDone = new Promise((resolve) => {
    listener.close(resolve);
    listener.closeIdleConnections();
    setTimeout(() => listener.closeAllConnections(), SHUTDOWN.openRequestsMs).unref();
  });
  try {
    await Promise.all([requestsDone, app.stopWorker()]);
    await app.close();
    logger.info("Stopped cleanly.");
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, "Error while stopping");
    process.exit(1);
  }
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
