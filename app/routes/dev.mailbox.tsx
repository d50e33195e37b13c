import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useOutlet } from "@remix-run/react";
import { appContext } from "~/context.server";
import { devMailboxEnabled, listDevMailbox } from "~/mail/dev-mailbox.server";
import { pageMeta } from "~/utils/meta";
import { formatShortDate, formatTime, zoneAbbreviation } from "../../emails/format/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  ...pageMeta("Demo mailbox", "Emails the demo would have sent.", data?.studioName),
  { name: "robots", content: "noindex, nofollow" },
];

export async function loader(_: LoaderFunctionArgs) {
  const { env, database } = appContext();
  if (!devMailboxEnabled(env)) throw new Response("Not found", { status: 404 });
  const messages = await listDevMailbox(database.db);
  const zone = env.studio.timeZone;
  return {
    studioName: env.studio.name,
    sendsBySmtp: Boolean(env.mail.smtpUrl),
    messages: messages.map((message) => ({
      id: message.id,
      to: message.to,
      subject: message.subject,
      attachmentCount: message.attachmentCount,
      receivedAt: message.createdAt.toISOString(),
      receivedLabel: `${formatShortDate(message.createdAt, zone)}, ${formatTime(message.createdAt, zone)} ${zoneAbbreviation(message.createdAt, zone)}`,
    })),
  };
}

/**
 * The mailbox list. Its file name makes it the parent of /dev/mailbox/:id, so it steps aside
 * (renders the child alone) when a message is open.
 */
export default function DevMailbox() {
  const outlet = useOutlet();
  const data = useLoaderData<typeof loader>();
  if (outlet) return outlet;
  return (
    <div className="container narrow">
      <header className="page-head">
        <p className="eyebrow">Demo mode</p>
        <h1>Mailbox</h1>
        <p className="lead">
          Every email the studio would have sent, newest first. Nothing here left this machine.
        </p>
        {data.sendsBySmtp ? (
          <p className="note">SMTP_URL is set, so new emails go out by SMTP and no longer appear here.</p>
        ) : (
          <p className="muted">Set SMTP_URL to send real email instead.</p>
        )}
      </header>
      {data.messages.length === 0 ? (
        <div className="empty-state">
          <h2>No emails yet</h2>
          <p>
            Book a place on a <Link to="/">workshop or session</Link>: the confirmation and the studio's notice will
            appear here within a few seconds.
          </p>
        </div>
      ) : (
        <section aria-labelledby="mailbox-heading">
          <h2 id="mailbox-heading" className="visually-hidden">
            Messages
          </h2>
          <ol className="mailbox-list">
            {data.messages.map((message) => (
              <li key={message.id} className="mailbox-item">
                <Link to={`/dev/mailbox/${message.id}`} className="mailbox-item__subject">
                  {message.subject}
                </Link>
                <p className="mailbox-item__meta">
                  <span>
                    To <span className="mailbox-item__to">{message.to}</span>
                  </span>
                  <time dateTime={message.receivedAt}>{message.receivedLabel}</time>
                  {message.attachmentCount > 0 ? (
                    <span>
                      {message.attachmentCount} {message.attachmentCount === 1 ? "attachment" : "attachments"}
                    </span>
                  ) : null}
                </p>
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}
