import { formatMoney } from "./format/money";
import {
  formatDuration,
  formatLongDate,
  formatShortDate,
  formatTime,
  formatTimeRange,
  zoneAbbreviation,
} from "./format/time";
import { buildBookingIcs, calendarLinks } from "./calendar";
import type { Block } from "./content/blocks";
import type { PainDuration, PainLocation } from "../db/intake";
import { PAIN_DURATION_LABELS, PAIN_LOCATION_CHOICES } from "./content/intake";
import { kneeReading, sectionIdForLocation, sectionsForLocation } from "./content/knee-reading";
import type { EmailAttachment, EmailContext, RenderedEmail } from "./types";

/*
 * Every email is assembled from parts that each know their HTML and their plain-text form, so
 * the text version is written alongside the HTML rather than stripped from it afterwards.
 * HTML follows what email clients actually support: tables for layout, inline styles, one
 * column at most 600 px wide, no remote images, and a small <style> block used only for the
 * dark-mode and narrow-screen overrides that inline styles cannot express.
 */

// ---------------------------------------------------------------------------------------------
// Palette and type
// ---------------------------------------------------------------------------------------------

const COLOR = {
  background: "#fbf6ef",
  card: "#fffdf9",
  text: "#2a211c",
  muted: "#5f5249",
  accent: "#1d5446",
  highlight: "#f6d2ae",
  rule: "#eadfd2",
} as const;

const FONT_BODY = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
const FONT_HEADING = "Georgia, 'Times New Roman', serif";

const READING_PATH = "/knee-pain-after-running";

// ---------------------------------------------------------------------------------------------
// Escaping and small helpers
// ---------------------------------------------------------------------------------------------

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes a value for HTML text and double- or single-quoted attributes. */
export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/** A subject is a mail header: a customer's name must never smuggle in a line break. */
function oneLine(value: string): string {
  return value.replace(/[\r\n\t]+/g, " ").replace(/ {2,}/g, " ").trim();
}

function firstName(fullName: string): string {
  return oneLine(fullName).split(" ")[0] || "there";
}

/** A link on the studio's site, always absolute. `path` starts with "/" (or is "/" itself). */
function siteUrl(ctx: EmailContext, path: string): string {
  return `${ctx.studio.baseUrl.replace(/\/+$/, "")}${path}`;
}

/** The booking link as given, made absolute against the site should it ever arrive relative. */
function bookingUrl(ctx: EmailContext): string {
  return new URL(ctx.booking.url, `${ctx.studio.baseUrl.replace(/\/+$/, "")}/`).toString();
}

function money(ctx: EmailContext, amountMinor: number): string {
  return formatMoney(amountMinor, ctx.booking.currency);
}

function places(count: number): string {
  return `${count} ${count === 1 ? "place" : "places"}`;
}

// ---------------------------------------------------------------------------------------------
// Times, always in the studio's zone with the zone named
// ---------------------------------------------------------------------------------------------

/** "GMT (UK time)", "BST (UK time)", "CEST (Central European time)". */
export function zoneLabel(at: Date, timeZone: string): string {
  const abbreviation = zoneAbbreviation(at, timeZone);
  if (timeZone === "Europe/London") return `${abbreviation} (UK time)`;
  const generic = new Intl.DateTimeFormat("en-GB", { timeZone, timeZoneName: "longGeneric" })
    .formatToParts(at)
    .find((part) => part.type === "timeZoneName")?.value;
  if (!generic || generic === abbreviation) return abbreviation;
  return `${abbreviation} (${generic.replace(/ Time$/, " time")})`;
}

/** "Tuesday 1 December 2026, 18:30–20:00 GMT (UK time)" */
export function formatWhen(ctx: EmailContext): string {
  const { slot, studio } = ctx;
  return `${formatLongDate(slot.startsAt, studio.timeZone)}, ${formatTimeRange(
    slot.startsAt,
    slot.endsAt,
    studio.timeZone,
  )} ${zoneLabel(slot.startsAt, studio.timeZone)}`;
}

/** "Tue 1 Dec, 18:30" for subject lines. */
function shortWhen(ctx: EmailContext): string {
  return `${formatShortDate(ctx.slot.startsAt, ctx.studio.timeZone)}, ${formatTime(
    ctx.slot.startsAt,
    ctx.studio.timeZone,
  )}`;
}

function describeOffering(ctx: EmailContext): string {
  const kind = ctx.offering.kind === "workshop" ? "group workshop" : "one-to-one session";
  return `${ctx.offering.title} (${kind}, ${formatDuration(ctx.offering.durationMinutes)})`;
}

function describeSeats(ctx: EmailContext): string {
  if (ctx.offering.kind === "private") return "Just you: a one-to-one session";
  return String(ctx.booking.seats);
}

// ---------------------------------------------------------------------------------------------
// Parts: each has an HTML form and a plain-text form
// ---------------------------------------------------------------------------------------------

type Part = { html: string; text: string };

/** Inline content: plain strings are escaped; links render as "label (url)" in plain text. */
type Inline = string | { href: string; label: string } | { strong: string };

function inlineHtml(content: Inline[]): string {
  return content
    .map((item) => {
      if (typeof item === "string") return escapeHtml(item);
      if ("href" in item) return link(item.href, item.label);
      return `<strong style="font-weight:700;">${escapeHtml(item.strong)}</strong>`;
    })
    .join("");
}

function inlineText(content: Inline[]): string {
  return content
    .map((item) => {
      if (typeof item === "string") return item;
      if ("href" in item) {
        if (item.label === item.href || item.href === `mailto:${item.label}`) return item.label;
        return `${item.label} (${item.href})`;
      }
      return item.strong;
    })
    .join("");
}

function link(href: string, label: string): string {
  return `<a href="${escapeHtml(href)}" class="pfm-link" style="color:${COLOR.accent};text-decoration:underline;font-weight:600;">${escapeHtml(label)}</a>`;
}

const P_STYLE = `margin:0 0 16px;font-family:${FONT_BODY};font-size:16px;line-height:1.6;color:${COLOR.text};`;

function paragraph(...content: Inline[]): Part {
  return {
    html: `<p class="pfm-text" style="${P_STYLE}">${inlineHtml(content)}</p>`,
    text: inlineText(content),
  };
}

function smallPrint(...content: Inline[]): Part {
  return {
    html: `<p class="pfm-muted" style="margin:0 0 12px;font-family:${FONT_BODY};font-size:14px;line-height:1.55;color:${COLOR.muted};">${inlineHtml(content)}</p>`,
    text: inlineText(content),
  };
}

function title(text: string): Part {
  return {
    html: `<h1 class="pfm-text" style="margin:0 0 16px;font-family:${FONT_HEADING};font-size:28px;line-height:1.25;font-weight:700;color:${COLOR.text};">${escapeHtml(text)}</h1>`,
    text: `${text}\n${"=".repeat(Math.min(text.length, 60))}`,
  };
}

function heading(text: string): Part {
  return {
    html: `<h2 class="pfm-text" style="margin:28px 0 12px;font-family:${FONT_HEADING};font-size:21px;line-height:1.3;font-weight:700;color:${COLOR.text};">${escapeHtml(text)}</h2>`,
    text: `\n${text.toUpperCase()}\n${"-".repeat(Math.min(text.length, 60))}`,
  };
}

function subheading(text: string): Part {
  return {
    html: `<h3 class="pfm-text" style="margin:20px 0 8px;font-family:${FONT_BODY};font-size:17px;line-height:1.35;font-weight:700;color:${COLOR.text};">${escapeHtml(text)}</h3>`,
    text: `\n${text}`,
  };
}

function bulletList(items: Inline[][]): Part {
  const li = items
    .map(
      (item) =>
        `<li class="pfm-text" style="margin:0 0 8px;font-family:${FONT_BODY};font-size:16px;line-height:1.55;color:${COLOR.text};">${inlineHtml(item)}</li>`,
    )
    .join("");
  return {
    html: `<ul style="margin:0 0 16px;padding:0 0 0 22px;">${li}</ul>`,
    text: items.map((item) => `  - ${inlineText(item)}`).join("\n"),
  };
}

function numberedList(items: { title: string; detail: string }[]): Part {
  const li = items
    .map(
      (item) =>
        `<li class="pfm-text" style="margin:0 0 10px;font-family:${FONT_BODY};font-size:16px;line-height:1.55;color:${COLOR.text};"><strong style="font-weight:700;">${escapeHtml(item.title)}.</strong> ${escapeHtml(item.detail)}</li>`,
    )
    .join("");
  return {
    html: `<ol style="margin:0 0 16px;padding:0 0 0 24px;">${li}</ol>`,
    text: items.map((item, index) => `  ${index + 1}. ${item.title}. ${item.detail}`).join("\n"),
  };
}

/** A bulletproof button: a table cell carries the colour, so it survives Outlook. */
function button(href: string, label: string): Part {
  return {
    html: `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 24px;border-collapse:separate;"><tr><td class="pfm-button" bgcolor="${COLOR.accent}" style="background-color:${COLOR.accent};border-radius:10px;"><a href="${escapeHtml(href)}" style="display:inline-block;padding:14px 26px;font-family:${FONT_BODY};font-size:17px;line-height:1.2;font-weight:700;color:#ffffff;text-decoration:none;border-radius:10px;">${escapeHtml(label)}</a></td></tr></table>`,
    text: `${label}:\n${href}`,
  };
}

/** Label/value rows; the label column collapses above the value on narrow screens. */
function details(rows: [label: string, value: Inline[]][]): Part {
  const html = rows
    .map(
      ([label, value]) =>
        `<tr><td class="pfm-muted pfm-stack pfm-rule" valign="top" style="width:30%;padding:10px 12px 10px 0;border-top:1px solid ${COLOR.rule};font-family:${FONT_BODY};font-size:14px;line-height:1.5;font-weight:600;color:${COLOR.muted};">${escapeHtml(label)}</td><td class="pfm-text pfm-stack pfm-rule" valign="top" style="padding:10px 0;border-top:1px solid ${COLOR.rule};font-family:${FONT_BODY};font-size:16px;line-height:1.5;color:${COLOR.text};">${inlineHtml(value)}</td></tr>`,
    )
    .join("");
  const labelWidth = Math.max(...rows.map(([label]) => label.length)) + 2;
  return {
    html: `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;margin:0 0 20px;border-collapse:collapse;">${html}</table>`,
    text: rows.map(([label, value]) => `${`${label}:`.padEnd(labelWidth)}${inlineText(value)}`).join("\n"),
  };
}

/** A soft highlighted box around a few parts; in plain text, a framed block. */
function callout(parts: Part[], tone: "highlight" | "quiet" = "highlight"): Part {
  const background = tone === "highlight" ? COLOR.highlight : COLOR.background;
  const className = tone === "highlight" ? "pfm-highlight" : "pfm-quiet";
  return {
    html: `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;margin:8px 0 20px;border-collapse:separate;"><tr><td class="${className}" bgcolor="${background}" style="background-color:${background};border-radius:12px;padding:18px 20px 4px;">${parts.map((part) => part.html).join("")}</td></tr></table>`,
    text: `  * * *\n${parts.map((part) => part.text).join("\n\n")}\n  * * *`,
  };
}

function blockPart(block: Block): Part {
  switch (block.type) {
    case "p":
      return paragraph(block.text);
    case "list":
      return bulletList(block.items.map((item) => [item]));
    case "steps":
      return numberedList(block.items);
  }
}

// ---------------------------------------------------------------------------------------------
// Document shell
// ---------------------------------------------------------------------------------------------

const DARK_MODE_CSS = `
:root { color-scheme: light dark; supported-color-schemes: light dark; }
@media (prefers-color-scheme: dark) {
  .pfm-bg { background-color: #16120f !important; }
  .pfm-card { background-color: #221b17 !important; border-color: #3a2f28 !important; }
  .pfm-text { color: #f3ebe2 !important; }
  .pfm-muted { color: #cdbfb2 !important; }
  .pfm-link { color: #8fd3bd !important; }
  .pfm-brand { color: #8fd3bd !important; }
  .pfm-button { background-color: #2b7a65 !important; }
  .pfm-highlight { background-color: #4a3425 !important; }
  .pfm-quiet { background-color: #2c241f !important; }
  .pfm-rule { border-color: #3a2f28 !important; }
}
[data-ogsc] .pfm-text { color: #f3ebe2 !important; }
[data-ogsc] .pfm-muted { color: #cdbfb2 !important; }
[data-ogsc] .pfm-link, [data-ogsc] .pfm-brand { color: #8fd3bd !important; }
[data-ogsb] .pfm-card { background-color: #221b17 !important; }
[data-ogsb] .pfm-highlight { background-color: #4a3425 !important; }
@media only screen and (max-width: 620px) {
  .pfm-pad { padding: 22px 18px !important; }
  .pfm-stack { display: block !important; width: 100% !important; }
  td.pfm-stack:first-child { padding-bottom: 0 !important; }
  td.pfm-stack + td.pfm-stack { border-top: 0 !important; padding-top: 2px !important; }
}
`.trim();

type Audience = "customer" | "staff";

type Document = {
  ctx: EmailContext;
  subject: string;
  /** Hidden preview line shown by inbox lists after the subject. */
  preheader: string;
  parts: Part[];
  audience: Audience;
  attachments?: EmailAttachment[];
};

function footer(ctx: EmailContext, audience: Audience): Part {
  const { studio } = ctx;
  const home = siteUrl(ctx, "/");
  const reason =
    audience === "customer"
      ? `You're getting this email because you booked a session with ${studio.name}.`
      : `Sent to the ${studio.name} team by the booking site.`;
  return {
    html: `<p class="pfm-muted" style="margin:0 0 6px;font-family:${FONT_BODY};font-size:13px;line-height:1.55;color:${COLOR.muted};"><strong style="font-weight:700;">${escapeHtml(studio.name)}</strong><br>${escapeHtml(studio.address)}<br>${link(`mailto:${studio.email}`, studio.email)} &middot; ${link(home, home.replace(/^https?:\/\//, "").replace(/\/$/, ""))}</p><p class="pfm-muted" style="margin:0;font-family:${FONT_BODY};font-size:13px;line-height:1.55;color:${COLOR.muted};">${escapeHtml(reason)}</p>`,
    text: `--\n${studio.name}\n${studio.address}\n${studio.email}\n${home}\n\n${reason}`,
  };
}

function renderDocument(doc: Document): RenderedEmail {
  const { ctx } = doc;
  const { studio } = ctx;
  const body = doc.parts.map((part) => part.html).join("\n");
  const foot = footer(ctx, doc.audience);
  const html = `<!DOCTYPE html>
<html lang="en-GB" xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="x-apple-disable-message-reformatting">
<meta name="format-detection" content="telephone=no, date=no, address=no, email=no">
<meta name="color-scheme" content="light dark">
<meta name="supported-color-schemes" content="light dark">
<title>${escapeHtml(doc.subject)}</title>
<style>
${DARK_MODE_CSS}
</style>
</head>
<body class="pfm-bg" style="margin:0;padding:0;width:100%;background-color:${COLOR.background};-webkit-text-size-adjust:100%;text-size-adjust:100%;">
<div style="display:none;max-height:0;overflow:hidden;mso-hide:all;font-size:1px;line-height:1px;color:${COLOR.background};opacity:0;">${escapeHtml(doc.preheader)}</div>
<table role="presentation" class="pfm-bg" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="${COLOR.background}" style="width:100%;background-color:${COLOR.background};">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;">
<tr><td style="padding:4px 8px 16px;font-family:${FONT_HEADING};font-size:20px;line-height:1.3;font-weight:700;"><a href="${escapeHtml(siteUrl(ctx, "/"))}" class="pfm-brand" style="color:${COLOR.accent};text-decoration:none;">${escapeHtml(studio.name)}</a></td></tr>
<tr><td class="pfm-card pfm-pad" bgcolor="${COLOR.card}" style="background-color:${COLOR.card};border:1px solid ${COLOR.rule};border-radius:16px;padding:32px 32px 16px;">
${body}
</td></tr>
<tr><td style="padding:20px 8px 8px;">${foot.html}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
  const text = `${[`${studio.name}`, ...doc.parts.map((part) => part.text)].join("\n\n").replace(/\n{3,}/g, "\n\n")}\n\n${foot.text}\n`;
  return { subject: oneLine(doc.subject), html, text, attachments: doc.attachments ?? [] };
}

// ---------------------------------------------------------------------------------------------
// Shared content
// ---------------------------------------------------------------------------------------------

function sessionDetails(ctx: EmailContext, extra: [string, Inline[]][] = []): Part {
  const rows: [string, Inline[]][] = [
    ["What", [describeOffering(ctx)]],
    ["When", [formatWhen(ctx)]],
    ["Where", [ctx.offering.location]],
  ];
  if (ctx.slot.instructor) rows.push(["With", [ctx.slot.instructor]]);
  return details([...rows, ...extra]);
}

function whatToBring(): Part[] {
  return [
    heading("What to bring and wear"),
    bulletList([
      ["Comfortable clothes you can move freely in: think gym or running kit, nothing tight at the hips or knees."],
      ["A bottle of water."],
      [
        "The trainers or running shoes you usually run in. We look at how you move in them during the gait assessment, so bring the pair you actually use.",
      ],
      ["Please arrive 10 minutes early, so we can say hello and start calmly and on time."],
    ]),
  ];
}

function checklist(): Part {
  return bulletList(kneeReading.checklist.map((item) => [item]));
}

function calendarPart(ctx: EmailContext, attachmentName: string): Part {
  const links = calendarLinks(ctx);
  const html = smallPrint(
    { strong: "Add it to your calendar: " },
    { href: links.google, label: "Google Calendar" },
    " · ",
    { href: links.outlook, label: "Outlook" },
    ` · or open the attached ${attachmentName} (Apple Calendar and most other apps).`,
  ).html;
  const text = [
    "Add it to your calendar:",
    `  Google Calendar: ${links.google}`,
    `  Outlook: ${links.outlook}`,
    `  Apple Calendar and most other apps: open the attached ${attachmentName}`,
  ].join("\n");
  return { html, text };
}

function locationLead(location: PainLocation): Part {
  if (location === "unsure") {
    return paragraph(
      "You weren't sure exactly where your knee hurts, which is completely fine: that's what the session is for. So we've started with the big picture.",
    );
  }
  const label = PAIN_LOCATION_CHOICES[location].label;
  return paragraph(
    `You told us the ache is here: ${label.charAt(0).toLowerCase()}${label.slice(1)}. So the part about that comes first, and the rest follows in brief.`,
  );
}

/** The pre-session reading: the customer's own section in full, the rest in brief, then the way on. */
function readingParts(ctx: EmailContext): Part[] {
  const location = ctx.booking.painLocation;
  const [first, ...rest] = sectionsForLocation(location);
  const pageUrl = (id: string) => siteUrl(ctx, `${READING_PATH}#${id}`);
  const parts: Part[] = [
    heading("Before you come: a short read"),
    paragraph({ strong: kneeReading.title }),
    locationLead(location),
    ...kneeReading.intro.map(blockPart),
  ];
  if (first) {
    parts.push(subheading(first.title), ...first.blocks.map(blockPart));
  }
  parts.push(
    subheading("The rest, in brief"),
    {
      // In plain text one link to the whole guide (below) reads better than eight long ones.
      html: bulletList(rest.map((section) => [{ href: pageUrl(section.id), label: section.title }, `: ${section.summary}`]))
        .html,
      text: rest.map((section) => `  - ${section.title}: ${section.summary}`).join("\n\n"),
    },
    paragraph(
      "The whole guide is on our site, with every section in full: ",
      { href: pageUrl(first?.id ?? sectionIdForLocation(location)), label: "read it online" },
      ".",
    ),
    callout([paragraph(kneeReading.disclaimer)], "quiet"),
  );
  return parts;
}

// ---------------------------------------------------------------------------------------------
// Emails
// ---------------------------------------------------------------------------------------------

export type BookingConfirmedOptions = {
  /** True when the booking was made less than 24 h ahead, so no reminder email will follow. */
  includeReminderChecklist: boolean;
  /** DTSTAMP of the attached .ics; defaults to the current time. */
  now?: Date;
};

export function renderBookingConfirmed(ctx: EmailContext, options: BookingConfirmedOptions): RenderedEmail {
  const { booking, offering } = ctx;
  const ics = buildBookingIcs(ctx, "REQUEST", { now: options.now });
  const subject = `You're booked: ${offering.title}, ${shortWhen(ctx)}`;
  const parts: Part[] = [
    title("You're booked"),
    paragraph(
      `Hi ${firstName(booking.customerName)}, your ${
        offering.kind === "workshop" ? (booking.seats === 1 ? "place is" : "places are") : "session is"
      } confirmed. We're looking forward to meeting you.`,
    ),
    sessionDetails(ctx, [
      [offering.kind === "workshop" ? "Places" : "Session", [describeSeats(ctx)]],
      ["Paid", [money(ctx, booking.amountPaidMinor)]],
      ["Reference", [booking.reference]],
    ]),
    button(bookingUrl(ctx), "View your booking"),
    calendarPart(ctx, "booking.ics"),
  ];
  if (options.includeReminderChecklist) {
    parts.push(
      callout([
        subheading("Your session is soon: a quick checklist"),
        paragraph("As you booked close to the session, here's the short list we'd normally send the day before:"),
        checklist(),
      ]),
    );
  }
  parts.push(...whatToBring(), ...readingParts(ctx));
  parts.push(
    paragraph(
      "Need to change something, or have a question? Reply to this email or write to ",
      { href: `mailto:${ctx.studio.email}`, label: ctx.studio.email },
      ". Your booking page is always here: ",
      { href: bookingUrl(ctx), label: bookingUrl(ctx) },
    ),
  );
  return renderDocument({
    ctx,
    audience: "customer",
    subject,
    preheader: `${formatWhen(ctx)} at ${offering.location}. Everything you need, plus a short read before you come.`,
    parts,
    attachments: [{ filename: "booking.ics", content: ics, contentType: "text/calendar; charset=utf-8; method=REQUEST" }],
  });
}

export function renderReminder(ctx: EmailContext): RenderedEmail {
  const { booking, offering } = ctx;
  const parts: Part[] = [
    title(`See you tomorrow, ${firstName(booking.customerName)}`),
    paragraph(`Just a friendly nudge: your ${offering.title} is tomorrow. Here are the essentials.`),
    sessionDetails(ctx, [
      [offering.kind === "workshop" ? "Places" : "Session", [describeSeats(ctx)]],
      ["Reference", [booking.reference]],
    ]),
    button(bookingUrl(ctx), "View your booking"),
    heading("A quick checklist before you come"),
    checklist(),
    heading("Bring with you"),
    bulletList([
      ["Comfortable clothes and a bottle of water."],
      ["The running shoes you usually run in, for the gait assessment."],
      ["Yourself, 10 minutes early: it lets us start calmly and on time."],
    ]),
    paragraph(
      "If you'd like a refresher, the pre-session reading is here: ",
      {
        href: siteUrl(ctx, `${READING_PATH}#${sectionIdForLocation(booking.painLocation)}`),
        label: kneeReading.title,
      },
      ".",
    ),
    paragraph(
      "Running late or can't make it? Let us know at ",
      { href: `mailto:${ctx.studio.email}`, label: ctx.studio.email },
      ".",
    ),
  ];
  return renderDocument({
    ctx,
    audience: "customer",
    subject: `See you tomorrow: ${offering.title} at ${formatTime(ctx.slot.startsAt, ctx.studio.timeZone)}`,
    preheader: `${formatWhen(ctx)} at ${offering.location}.`,
    parts,
  });
}

export type RefundReason = "late_payment" | "refund" | "cancelled";

export type BookingRefundedOptions = {
  /** The amount of this refund, in minor units. */
  refundedMinor: number;
  /** True when everything paid has been refunded and the booking no longer stands. */
  full: boolean;
  reason: RefundReason;
  /** DTSTAMP of the attached cancellation; defaults to the current time. */
  now?: Date;
};

const REFUND_TIMING =
  "It goes back to the card you paid with and usually shows on your statement within 5 to 10 working days, depending on your bank.";

export function renderBookingRefunded(ctx: EmailContext, options: BookingRefundedOptions): RenderedEmail {
  const { booking, offering } = ctx;
  const refunded = money(ctx, options.refundedMinor);
  const paid = money(ctx, booking.amountPaidMinor);
  const when = formatWhen(ctx);
  const hi = `Hi ${firstName(booking.customerName)},`;
  const otherDates = siteUrl(ctx, "/");
  // A late payment never became a booking, so no invitation was ever sent to cancel.
  const sendCancellation = options.full && options.reason !== "late_payment";

  let subject: string;
  let preheader: string;
  const parts: Part[] = [];

  if (options.reason === "late_payment") {
    subject = `Sorry, ${offering.title} filled up: your ${refunded} is refunded`;
    preheader = `Your payment arrived just after the last place was taken. We've refunded ${refunded}.`;
    parts.push(
      title("We're sorry: that session filled up"),
      paragraph(
        `${hi} your payment for ${offering.title} on ${when} reached us just after the last place had been taken, so we couldn't confirm your booking. We're sorry for the disappointment.`,
      ),
      paragraph(
        options.full ? { strong: `We've refunded the full ${refunded}.` } : { strong: `We've refunded ${refunded}.` },
        ` ${REFUND_TIMING}`,
      ),
      details([
        ["Refunded", [refunded]],
        ["Reference", [booking.reference]],
      ]),
      paragraph("We'd still love to help with your knee. There are other dates to choose from:"),
      button(otherDates, "See other dates"),
    );
  } else {
    const cancelled = options.full || options.reason === "cancelled";
    subject = cancelled
      ? `Cancelled: ${offering.title}, ${shortWhen(ctx)}. ${refunded} refunded`
      : `We've refunded ${refunded} for ${offering.title}`;
    preheader = `We've refunded ${refunded}. ${REFUND_TIMING}`;
    parts.push(
      title(cancelled ? "Your booking is cancelled" : `We've refunded ${refunded}`),
      paragraph(
        cancelled
          ? `${hi} your booking for ${offering.title} on ${when} has been cancelled.`
          : `${hi} we've refunded part of your payment for ${offering.title} on ${when}. Everything else about your booking stays as it is.`,
      ),
      paragraph(
        { strong: options.full ? `We've refunded the full ${refunded}.` : `We've refunded ${refunded} of the ${paid} you paid.` },
        ` ${REFUND_TIMING}`,
      ),
      sessionDetails(ctx, [
        ["Refunded now", [refunded]],
        ...(booking.amountRefundedMinor > options.refundedMinor
          ? ([["Refunded in total", [`${money(ctx, booking.amountRefundedMinor)} of ${paid}`]]] as [string, Inline[]][])
          : []),
        ["Reference", [booking.reference]],
      ]),
    );
    if (sendCancellation) {
      parts.push(
        smallPrint(
          "We've attached a calendar update (cancellation.ics): open it to take the session out of your calendar.",
        ),
      );
    }
    parts.push(
      cancelled
        ? paragraph("Whenever you're ready, we'd love to see you at another session.")
        : paragraph("Your booking page has the details: ", { href: bookingUrl(ctx), label: bookingUrl(ctx) }),
      cancelled ? button(otherDates, "See other dates") : button(bookingUrl(ctx), "View your booking"),
    );
  }
  parts.push(
    paragraph(
      "Questions about your refund? Reply to this email or write to ",
      { href: `mailto:${ctx.studio.email}`, label: ctx.studio.email },
      ".",
    ),
  );

  const attachments: EmailAttachment[] = sendCancellation
    ? [
        {
          filename: "cancellation.ics",
          content: buildBookingIcs(ctx, "CANCEL", { now: options.now }),
          contentType: "text/calendar; charset=utf-8; method=CANCEL",
        },
      ]
    : [];
  return renderDocument({ ctx, audience: "customer", subject, preheader, parts, attachments });
}

export type StaffIntake = { painLocation: PainLocation; painDuration: PainDuration | null; notes: string | null };

export function renderStaffNewBooking(ctx: EmailContext, options: { intake: StaffIntake }): RenderedEmail {
  const { booking, offering } = ctx;
  const { intake } = options;
  const notes = intake.notes?.trim() ? intake.notes.trim() : null;
  const seats = offering.kind === "workshop" ? places(booking.seats) : "One-to-one";
  const notesPart: Part = notes
    ? {
        html: `<p class="pfm-text" style="${P_STYLE}">${escapeHtml(notes).replace(/\r?\n/g, "<br>")}</p>`,
        text: notes
          .split(/\r?\n/)
          .map((line) => `  > ${line}`)
          .join("\n"),
      }
    : paragraph("No notes given.");
  const parts: Part[] = [
    title("New booking"),
    paragraph(
      { strong: oneLine(booking.customerName) },
      ` booked ${seats === "One-to-one" ? "a one-to-one" : seats} for ${offering.title} on ${formatWhen(ctx)}.`,
    ),
    details([
      ["Customer", [oneLine(booking.customerName)]],
      ["Email", [{ href: `mailto:${booking.customerEmail}`, label: booking.customerEmail }]],
      ["What", [describeOffering(ctx)]],
      ["When", [formatWhen(ctx)]],
      ["Where", [offering.location]],
      ...(ctx.slot.instructor ? ([["Instructor", [ctx.slot.instructor]]] as [string, Inline[]][]) : []),
      [offering.kind === "workshop" ? "Places" : "Session", [describeSeats(ctx)]],
      ["Paid", [money(ctx, booking.amountPaidMinor)]],
      ["Reference", [booking.reference]],
    ]),
    heading("Intake"),
    details([
      ["Where it hurts", [PAIN_LOCATION_CHOICES[intake.painLocation].label]],
      ["For how long", [intake.painDuration ? PAIN_DURATION_LABELS[intake.painDuration] : "Not given"]],
    ]),
    subheading("Notes from the customer"),
    notesPart,
    smallPrint("The customer's booking page: ", { href: bookingUrl(ctx), label: bookingUrl(ctx) }),
  ];
  return renderDocument({
    ctx,
    audience: "staff",
    subject: `New booking: ${oneLine(booking.customerName)}, ${seats.toLowerCase()}, ${offering.title}, ${shortWhen(ctx)}`,
    preheader: `${booking.reference}: ${money(ctx, booking.amountPaidMinor)} paid. Knee: ${PAIN_LOCATION_CHOICES[intake.painLocation].label}.`,
    parts,
  });
}
