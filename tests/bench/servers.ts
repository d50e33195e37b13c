/**
 * The processes the benchmark measures: a bare `node:http` server, and the built app
 * (`node server.mjs`) in demo mode on a scratch PostgreSQL database with the demo data, the same
 * way the browser tests run it. Each runs in a process of its own, so the load generator never
 * shares an event loop with what it measures.
 */
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { topUpDemoPhotos } from "../../app/images/demo-photos.server";
import { openDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { topUpDemoData } from "../../db/seed";
import { send } from "../e2e/http-client";
import { startServer, type ServerProcess } from "../e2e/server-process";
import { uniqueDatabaseName, urlForDatabase, withAdminConnection } from "../helpers/postgres-admin";

import { DEMO_OWNER, freePort } from "../helpers/local-server";

export type ScratchDatabase = { name: string; url: string; drop: () => Promise<void> };

/**
 * A new database `bench_…` on the server DATABASE_URL names, migrated, with the demo offerings,
 * six weeks of dates and the demo pictures (drawn now, so no server draws them under load).
 */
export async function createScratchDatabase(baseUrl: string): Promise<ScratchDatabase> {
  const name = uniqueDatabaseName("bench");
  await withAdminConnection(baseUrl, (sql) => sql.unsafe(`create database "${name}"`));
  const url = urlForDatabase(baseUrl, name);
  const drop = async () => {
    await withAdminConnection(baseUrl, (sql) => sql.unsafe(`drop database if exists "${name}" with (force)`));
  };
  try {
    const handle = await openDatabase({ kind: "postgres", url, poolMax: 2 });
    try {
      await migrateDatabase(handle);
      const now = new Date();
      await topUpDemoData(handle.db, {
        now,
        timeZone: "Europe/London",
        currency: "GBP",
        location: "Unit 4, Riverside Yard, 12 Mill Lane, London SE1 7AB",
      });
      await topUpDemoPhotos(handle.db, { now });
    } finally {
      await handle.close();
    }
  } catch (error) {
    await drop();
    throw error;
  }
  return { name, url, drop };
}

/** Polls `url` until it answers 200. */
async function waitForOk(url: string, isAlive: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`the process serving ${url} exited`);
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

export type BareServer = { port: number; pid: number; stop: () => Promise<void> };

/** `bare-server.mjs`: a `node:http` server answering "hello", in its own process. */
export async function startBareServer(): Promise<BareServer> {
  const port = await freePort();
  const script = fileURLToPath(new URL("./bare-server.mjs", import.meta.url));
  const child = spawn(process.execPath, [script], { env: { ...process.env, PORT: String(port) }, stdio: "inherit" });
  let alive = true;
  const exited = new Promise<void>((resolve) => child.on("exit", () => ((alive = false), resolve())));
  await waitForOk(`http://127.0.0.1:${port}/`, () => alive);
  return {
    port,
    pid: child.pid!,
    stop: async () => {
      if (alive) child.kill("SIGTERM");
      await exited;
    },
  };
}

export type AppServer = { port: number; pid: number; process: ServerProcess };

/**
 * `node server.mjs` in demo mode (the test checkout, the local mailbox: no call leaves the
 * machine) on the scratch database, on loopback only, request logs off. Every other setting
 * keeps its default, as an operator's would.
 */
export async function startAppServer(databaseUrl: string): Promise<AppServer> {
  const port = await freePort();
  const server = startServer(port, {
    NODE_ENV: "",
    DATABASE_URL: databaseUrl,
    HOST: "127.0.0.1",
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    STRIPE_SECRET_KEY: "",
    STRIPE_API_BASE: "",
    SMTP_URL: "",
    LOG_REQUESTS: "false",
    LOG_FORMAT: "json",
  });
  await server.waitHealthy(60_000);
  return { port, pid: server.process.pid!, process: server };
}

/** Signs the demo owner in over HTTP, as the sign-in form would, and returns the session cookie. */
export async function signInAsOwner(port: number): Promise<string> {
  const answer = await send(port, {
    path: "/staff/sign-in",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: DEMO_OWNER.email, password: DEMO_OWNER.password, next: "/staff" }).toString(),
  });
  const setCookie = answer.headers["set-cookie"];
  const cookie = (Array.isArray(setCookie) ? setCookie[0] : setCookie)?.split(";")[0];
  if (answer.status !== 302 || !cookie) {
    throw new Error(`signing the demo owner in answered ${answer.status}, not a redirect with a cookie: ${answer.body.slice(0, 300)}`);
  }
  const week = await send(port, { method: "GET", path: "/staff", headers: { Cookie: cookie } });
  if (week.status !== 200) throw new Error(`the staff week view answered ${week.status} with the session cookie`);
  return cookie;
}

/** The resident set size of a process, in MB (Linux's /proc, else `ps`). */
export function residentMegabytes(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kilobytes = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]);
    if (Number.isFinite(kilobytes)) return kilobytes / 1024;
  } catch {
    // not Linux: ask ps
  }
  return Number(execFileSync("ps", ["-o", "rss=", "-p", String(pid)], { encoding: "utf8" }).trim()) / 1024;
}
