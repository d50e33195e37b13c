/**
 * The mail port. Domain code sends through this interface; an SMTP adapter (nodemailer, pooled,
 * SMTP_URL) and a demo adapter (kept in the database, shown at /dev/mailbox) implement it.
 */
export type OutgoingEmail = {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Stable Message-ID from the email_messages row, angle brackets included. */
  messageId: string;
  attachments: { filename: string; content: string; contentType: string }[];
  headers?: Record<string, string>;
};

export interface Mailer {
  readonly kind: "smtp" | "local";
  send(email: OutgoingEmail): Promise<void>;
  close(): Promise<void>;
}
