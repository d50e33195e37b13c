import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { useLoaderData } from "@remix-run/react";
import { appContext } from "~/context.server";
import { devMailboxEnabled, getDevMailboxMessage } from "~/mail/dev-mailbox.server";
import { pageMeta } from "~/utils/meta";
import { formatLongDate, formatTime, zoneAbbreviation } from "../../emails/format/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  ...pageMeta(data ? `Email: ${data.subject}` : "Email", "An email kept in the demo mailbox.", data?.studioName),
  { name: "robots", content: "noindex, nofollow" },
  // The emails hold booking links with their secret tokens.
  { name: "referrer", content: "no-referrer" },
];

export async function loader({ params }: LoaderFunctionArgs) {
  const { env, database } = appContext();
  if (!devMailboxEnabled(env)) throw new Response("Not found", { status: 404 });
  const message = await getDevMailboxMessage(database.db, params.id);
  if (!message) throw new Response("Not found", { status: 404 });
  const zone = env.studio.timeZone;
  return {
    studioName: env.studio.name,
    id: message.id,
    messageId: message.messageId,
    from: message.from,
    to: message.to,
    subject: message.subject,
    html: message.html,
    text: message.text,
    receivedAt: message.createdAt.toISOString(),
    receivedLabel: `${formatLongDate(message.createdAt, zone)}, ${formatTime(message.createdAt, zone)} ${zoneAbbreviation(message.createdAt, zone)}`,
    attachments: message.attachments.map((attachment, index) => ({
      index,
      filename: attachment.filename,
      contentType: attachment.contentType.split(";")[0]!.trim(),
      size: Buffer.byteLength(attachment.content, "utf8"),
    })),
  };
}

function formatSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} bytes` : `${(bytes / 1024).toFixed(1)} KB`;
}

export default function DevMailboxMessage() {
  const data = useLoaderData<typeof loader>();
  return (
    <div className="container">
      <Breadcrumbs trail={[{ to: "/dev/mailbox", label: "Mailbox" }]} current="This email" />
      <header className="page-head">
        <p className="eyebrow">Demo mailbox</p>
        <h1 className="mailbox-subject">{data.subject}</h1>
        <dl className="facts mailbox-headers">
          <dt>From</dt>
          <dd>{data.from}</dd>
          <dt>To</dt>
          <dd>{data.to}</dd>
          <dt>Date</dt>
          <dd>
            <time dateTime={data.receivedAt}>{data.receivedLabel}</time>
          </dd>
          <dt>Message-ID</dt>
          <dd className="mailbox-headers__id">{data.messageId}</dd>
        </dl>
      </header>

      <section aria-labelledby="html-heading" className="mailbox-section">
        <h2 id="html-heading">As the recipient sees it</h2>
        {/* sandbox="" : no scripts, no forms, no navigation of this page; the email's links stay inert. */}
        <iframe className="mailbox-frame" sandbox="" srcDoc={data.html} title={`Email: ${data.subject}`} />
      </section>

      <section aria-labelledby="attachments-heading" className="mailbox-section">
        <h2 id="attachments-heading">Attachments</h2>
        {data.attachments.length === 0 ? (
          <p className="muted">None.</p>
        ) : (
          <ul className="mailbox-attachments">
            {data.attachments.map((attachment) => (
              <li key={attachment.index}>
                <a href={`/dev/mailbox/${data.id}/attachments/${attachment.index}`} download={attachment.filename}>
                  {attachment.filename}
                </a>{" "}
                <span className="muted">
                  ({attachment.contentType}, {formatSize(attachment.size)})
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="text-heading" className="mailbox-section">
        <h2 id="text-heading">Plain-text version</h2>
        <pre className="mailbox-text">
          {data.text}
        </pre>
      </section>
    </div>
  );
}
