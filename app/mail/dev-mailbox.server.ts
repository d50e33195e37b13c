import { desc, eq, sql } from "drizzle-orm";
import { isUuid } from "../utils/ids";
import type { Database } from "../../db/client";
import { devMailboxMessages, type DevMailboxMessage } from "../../db/schema";
import type { Env } from "../utils/env.server";


/**
 * The demo mailbox exists only in demo mode. It shows every email the app "sent", booking
 * links included, so production answers 404 whatever is in the table.
 */
export function devMailboxEnabled(env: Pick<Env, "mode">): boolean {
  return env.mode === "demo";
}

export type DevMailboxSummary = {
  id: string;
  to: string;
  subject: string;
  createdAt: Date;
  attachmentCount: number;
};

/** The newest messages first (the mailbox is a demo aid, so only the latest `limit`). */
export async function listDevMailbox(db: Database, { limit = 100 }: { limit?: number } = {}): Promise<DevMailboxSummary[]> {
  return db
    .select({
      id: devMailboxMessages.id,
      to: devMailboxMessages.to,
      subject: devMailboxMessages.subject,
      createdAt: devMailboxMessages.createdAt,
      attachmentCount: sql<number>`jsonb_array_length(${devMailboxMessages.attachments})::int`,
    })
    .from(devMailboxMessages)
    .orderBy(desc(devMailboxMessages.createdAt), desc(devMailboxMessages.id))
    .limit(limit);
}

/** One message, or null when the id is not a UUID or no such message exists. */
export async function getDevMailboxMessage(db: Database, id: string | undefined): Promise<DevMailboxMessage | null> {
  if (!id || !isUuid(id)) return null;
  const [row] = await db.select().from(devMailboxMessages).where(eq(devMailboxMessages.id, id));
  return row ?? null;
}

/**
 * A Content-Disposition value for a stored filename: a plain ASCII fallback plus the exact name
 * (RFC 6266 / 5987), so no quote or line break in a name can break the header.
 */
export function attachmentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\]/g, "_").trim() || "attachment";
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
