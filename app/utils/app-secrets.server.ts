import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { appSecrets } from "../../db/schema";

/**
 * A secret the demo generates for itself and keeps with its data (so links and sessions survive a
 * restart). Production never uses this: its secrets come from the environment, where a copy of the
 * database can't reach them. Safe when several processes start at once: the first insert wins.
 */
export async function demoSecret(db: Database, name: string): Promise<string> {
  await db
    .insert(appSecrets)
    .values({ name, value: randomBytes(32).toString("base64url") })
    .onConflictDoNothing({ target: appSecrets.name });
  const [row] = await db.select({ value: appSecrets.value }).from(appSecrets).where(eq(appSecrets.name, name));
  return row!.value;
}
