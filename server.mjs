// The app server: Express around the Remix build. It owns what Remix leaves to the server:
// the mode decision, start-up (config, database, migrations), security headers, request logs,
// static files and a graceful shutdown that closes the database.
import { randomBytes } from "node:crypto";
import { statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { broadcastDevReady, installGlobals } from "@remix-run/node";
import compression from "compression";
import express from "express";
import helmet from "helmet";
import morgan from "morgan";

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
  console.error(`Could not load the server build at ${BUILD_PATH}. Run "npm run build" first.\n`, error);
  process.exit(1);
}

const mode = build.entry.module.appModeFor(operatorNodeEnv);
let app;
try {
  app = await build.entry.module.startApp({ mode });
} catch (error) {
  console.error(error instanceof Error && error.name === "ConfigError" ? error.message : error);
  console.error("The server did not start.");
  process.exit(1);
}
const { env } = app;

const server = express();
server.disable("x-powered-by");
// X-Forwarded-For (and -Proto, -Host) count only from the proxies the operator names: req.ip,
// the client address the booking rate limit and hold limits use, depends on it.
server.set("trust proxy", env.trustProxy);

server.use((_req, res, next) => {
  res.locals.cspNonce = randomBytes(16).toString("base64");
  next();
});
server.use(
  helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        "script-src": ["'self'", (_req, res) => `'nonce-${res.locals.cspNonce}'`],
        "connect-src": ["'self'", ...(isDevelopment ? ["ws:"] : [])],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        // A booking form's POST redirects to Stripe Checkout (or a Stripe-compatible test server).
        // The site may be reached at another address than PUBLIC_BASE_URL (a proxy, 127.0.0.1 vs localhost).
        "form-action": [
          "'self'",
          new URL(env.publicBaseUrl).origin,
          "https://checkout.stripe.com",
          ...(process.env.STRIPE_API_BASE ? [new URL(process.env.STRIPE_API_BASE).origin] : []),
        ],
        "upgrade-insecure-requests": env.publicBaseUrl.startsWith("https:") ? [] : null,
      },
    },
    strictTransportSecurity: env.publicBaseUrl.startsWith("https:"),
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
  }),
);
server.use(compression());
if (env.logRequests) {
  server.use(morgan(mode === "production" ? "combined" : "dev", { skip: (req) => req.path.startsWith("/build/") }));
}
// Fingerprinted assets can be cached forever; everything else in public/ for an hour.
server.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
server.use(express.static("public", { maxAge: "1h" }));

server.all(
  "*",
  createRequestHandler({
    build: isDevelopment ? importBuild : build,
    mode: isDevelopment ? "development" : "production",
    getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce, clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown" }),
  }),
);

const listener = server.listen(env.port, env.host, () => {
  console.log(`${env.studio.name} is ready on ${env.publicBaseUrl} (listening on ${env.host}:${env.port}, ${mode} mode).`);
  if (isDevelopment) broadcastDevReady(build);
});

let shuttingDown = false;
async function shutdown(signal) {
  if (shuttingDown) return;
  shuttingDown = true;
  console.log(`${signal} received: finishing open requests and closing the database.`);
  const force = setTimeout(() => {
    console.error("Shutdown took too long; exiting anyway.");
    process.exit(1);
  }, 8_000);
  force.unref();
  await new Promise((resolve) => {
    listener.close(resolve);
    listener.closeIdleConnections();
    // Keep-alive sockets and slow clients get three seconds to finish.
    setTimeout(() => listener.closeAllConnections(), 3_000).unref();
  });
  try {
    await app.close();
    console.log("Stopped cleanly.");
    process.exit(0);
  } catch (error) {
    console.error("Error while closing the database:", error);
    process.exit(1);
  }
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
