import type { EmailAttachment, EmailContext, RenderedEmail } from "../types";
import { escapeHtml, oneLine } from "./escape";
import { COLOR, FONT_BODY, FONT_HEADING } from "./palette";
import { link, type Part } from "./parts";
import { siteUrl } from "./urls";

/*
 * The document shell every email shares: the studio's name on top, one card of parts, the
 * footer. The <style> block carries only what inline styles cannot: dark mode and narrow screens.
 */

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
  .pfm-outline { color: #8fd3bd !important; border-color: #8fd3bd !important; }
  .pfm-highlight { background-color: #4a3425 !important; }
  .pfm-quiet { background-color: #2c241f !important; }
  .pfm-rule { border-color: #3a2f28 !important; }
}
[data-ogsc] .pfm-text { color: #f3ebe2 !important; }
[data-ogsc] .pfm-muted { color: #cdbfb2 !important; }
[data-ogsc] .pfm-link, [data-ogsc] .pfm-brand, [data-ogsc] .pfm-outline { color: #8fd3bd !important; }
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
  /** Only the studio is read: a staff account's email has no booking. */
  ctx: Pick<EmailContext, "studio">;
  subject: string;
  /** Hidden preview line shown by inbox lists after the subject. */
  preheader: string;
  parts: Part[];
  audience: Audience;
  attachments?: EmailAttachment[];
};

function footer(ctx: Pick<EmailContext, "studio">, audience: Audience): Part {
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

export function renderDocument(doc: Document): RenderedEmail {
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
