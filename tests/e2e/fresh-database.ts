import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { uniqueDatabaseName, urlForDatabase, withAdminConnection } from "../helpers/postgres-admin";
import { startServer } from "./server-process";

/** An empty database of its own for a server the tests start: the server migrates it. */
export type FreshDatabase = {
  /** What to add to the server's environment. */
  env: Record<string, string>;
  /** The connection URL on real PostgreSQL; undefined on the embedded database. */
  url: string | undefined;
  drop: () => Promise<void>;
};

/** A new PostgreSQL database when DATABASE_URL is set, else a new embedded PGlite folder. */
export async function freshDatabase(prefix: string): Promise<FreshDatabase> {
  const baseUrl = process.env.DATABASE_URL;
  if (baseUrl) {
    const name = uniqueDatabaseName(prefix);
    await withAdminConnection(baseUrl, (sql) => sql.unsafe(`create database "${name}"`));
    const url = urlForDatabase(baseUrl, name);
    return {
      env: { DATABASE_URL: url },
      url,
      drop: () => withAdminConnection(baseUrl, (sql) => sql.unsafe(`drop database if exists "${name}" with (force)`)).then(() => {}),
    };
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  return {
    env: { DATABASE_URL: "", PGLITE_DATA_DIR: dataDir },
    url: undefined,
    drop: async () => {
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(`${dataDir}.lock`, { recursive: true, force: true });
    },
  };
}

/** A `node server.mjs` on a database of its own; `close` stops it (SIGKILL if still up) and drops the database. */
export async function startServerOnFreshDatabase(port: number, prefix: string, env: Record<string, string>) {
  const database = await freshDatabase(prefix);
  const server = startServer(port, { NODE_ENV: "", ...database.env, ...env });
  return {
    server,
    database,
    close: async () => {
      await server.stop("SIGKILL");
      await database.drop();
    },
  };
}
