import type { TestProject } from "vitest/node";
import { openDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { uniqueDatabaseName, urlForDatabase, withAdminConnection } from "../helpers/postgres-admin";

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string | null;
  }
}

/**
 * With DATABASE_URL set, creates and migrates one template database; every test file then
 * gets a fresh copy of it (CREATE DATABASE … TEMPLATE), so files never share state.
 * Without it, tests use in-memory PGlite and this does nothing.
 */
export default async function setup(project: TestProject) {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    if (process.env.CI) throw new Error("CI=true but DATABASE_URL is not set: CI must test against real PostgreSQL.");
    console.log("DATABASE_URL is not set: integration tests use in-memory PGlite.");
    project.provide("templateDatabase", null);
    return;
  }
  const template = uniqueDatabaseName("pfm_tpl");
  await withAdminConnection(baseUrl, (sql) => sql.unsafe(`create database "${template}"`));
  const handle = await openDatabase({ kind: "postgres", url: urlForDatabase(baseUrl, template), poolMax: 1 });
  try {
    await migrateDatabase(handle);
  } finally {
    await handle.close();
  }
  project.provide("templateDatabase", template);
  return async () => {
    await withAdminConnection(baseUrl, (sql) => sql.unsafe(`drop database if exists "${template}" with (force)`));
  };
}
