import { createTransport, type SMTPPoolOptions } from "nodemailer";
import type { Database } from "../../db/client";
import { devMailboxMessages } from "../../db/schema";
import type { Env } from "../utils/env.server";
import type { Mailer, OutgoingEmail } from "./mailer.server";
import { log } from "../utils/log.server";

/**
 * The mailer the app runs with: SMTP when SMTP_URL is set (always, in production: parseEnv
 * requires it), otherwise the demo mailbox kept in the database and shown at /dev/mailbox.
 * In production mail leaves only over TLS: smtps://, or smtp:// upgraded with STARTTLS, which
 * `requireTLS` makes mandatory (a server that doesn't offer it gets nothing) unless the operator
 * set SMTP_ALLOW_PLAINTEXT=true for a local relay.
 */
export function createMailer(env: Env, db: Database): Mailer {
  if (env.mail.smtpUrl) return createSmtpMailer(env.mail.smtpUrl, env.mail.requireTls ? { requireTLS: true } : {});
  return createLocalMailer(db, {
    // Not the subject: a staff email's subject names the customer.
    onStored: (id) => log.info(`Email kept in the local mailbox: ${env.publicBaseUrl}/dev/mailbox/${id}`),
  });
}

export type SmtpMailerOptions = Omit<SMTPPoolOptions, "url" | "pool">;

/**
 * Pooled SMTP through nodemailer. `options` are for tests (e.g. `ignoreTLS`, `tls`); settings in
 * the URL win over them. File and URL access are off: an attachment is always the string we
 * give it, never a path or a link nodemailer would go and read.
 */
export function createSmtpMailer(url: string, options: SmtpMailerOptions = {}): Mailer {
  const transport = createTransport({
    maxConnections: 3,
    disableFileAccess: true,
    disableUrlAccess: true,
    ...options,
    url,
    pool: true,
  });
  return {
    kind: "smtp",
    async send(email: OutgoingEmail) {
      await transport.sendMail({
        from: email.from,
        to: email.to,
        subject: email.subject,
        html: email.html,
        text: email.text,
        messageId: email.messageId,
        headers: email.headers,
        attachments: email.attachments.map(({ filename, content, contentType }) => ({ filename, content, contentType })),
        disableFileAccess: true,
        disableUrlAccess: true,
      });
    },
    async close() {
      transport.close();
    },
  };
}

/** The demo mailer: every email becomes a row in dev_mailbox_messages; nothing leaves the machine. */
export function createLocalMailer(
  db: Database,
  { onStored }: { onStored?: (id: string, email: OutgoingEmail) => void } = {},
): Mailer {
  return {
    kind: "local",
    async send(email: OutgoingEmail) {
      const [row] = await db
        .insert(devMailboxMessages)
        .values({
          messageId: email.messageId,
          from: email.from,
          to: email.to,
          subject: email.subject,
          html: email.html,
          text: email.text,
          attachments: email.attachments.map(({ filename, contentType, content }) => ({ filename, contentType, content })),
        })
        .returning({ id: devMailboxMessages.id });
      onStored?.(row!.id, email);
    },
    async close() {},
  };
}
