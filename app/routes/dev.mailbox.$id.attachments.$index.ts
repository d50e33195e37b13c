import type { LoaderFunctionArgs } from "@remix-run/node";
import { appContext } from "~/context.server";
import { attachmentDisposition, devMailboxEnabled, getDevMailboxMessage } from "~/mail/dev-mailbox.server";

/** Downloads one attachment of a demo-mailbox email (e.g. the booking's .ics). */
export async function loader({ params }: LoaderFunctionArgs) {
  const { env, database } = appContext();
  if (!devMailboxEnabled(env)) throw new Response("Not found", { status: 404 });
  const message = await getDevMailboxMessage(database.db, params.id);
  const index = /^\d{1,3}$/.test(params.index ?? "") ? Number(params.index) : -1;
  const attachment = message?.attachments[index];
  if (!attachment) throw new Response("Not found", { status: 404 });
  return new Response(attachment.content, {
    headers: {
      "Content-Type": attachment.contentType,
      "Content-Disposition": attachmentDisposition(attachment.filename),
      "Cache-Control": "no-store",
    },
  });
}
