import type { PainLocation } from "../db/intake";

export type EmailStudio = {
  name: string;
  address: string;
  email: string;
  /** The number customers may call about a booking, as it is dialled locally; null when there is none. */
  phone: string | null;
  /** IANA zone every time in an email is shown in, e.g. "Europe/London". */
  timeZone: string;
  /** Absolute origin of the site, no trailing slash, e.g. "https://painfreeme.studio". */
  baseUrl: string;
};

export type EmailBooking = {
  id: string;
  /** Short human reference, e.g. "PFM-7K3Q". */
  reference: string;
  /** Absolute, unguessable link to the customer's booking page. */
  url: string;
  seats: number;
  /** What the booking costs. */
  amountTotalMinor: number;
  /** What was paid (the total until a payment arrives). */
  amountPaidMinor: number;
  /** Refunded or on its way back, all refunds together. */
  amountRefundedMinor: number;
  currency: string;
  customerName: string;
  customerEmail: string | null;
  /** Given at booking (optional): the studio's emails show it, so staff can call. */
  customerPhone: string | null;
  /** Paid by card (refunds go back to it) or at the studio (paid back there); null before a payment. */
  paymentMethod: "card" | "studio" | "complimentary" | null;
  /** Where it hurts; null once the intake has been erased under the retention rule. */
  painLocation: PainLocation | null;
  /** SEQUENCE for the .ics: the caller increments it whenever the event changes or is cancelled. */
  calendarSequence: number;
};

export type EmailOffering = {
  title: string;
  kind: "workshop" | "private";
  durationMinutes: number;
  location: string;
  /** What to bring and wear, one item a line, shown in the confirmation and the reminder. */
  whatToBring: readonly string[];
};

export type EmailSlot = { startsAt: Date; endsAt: Date; instructor: string | null };

export type EmailContext = {
  studio: EmailStudio;
  booking: EmailBooking;
  offering: EmailOffering;
  slot: EmailSlot;
};

export type EmailAttachment = { filename: string; content: string; contentType: string };

export type RenderedEmail = {
  subject: string;
  html: string;
  text: string;
  attachments: EmailAttachment[];
};
