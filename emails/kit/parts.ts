import type { Block } from "../content/blocks";
import { escapeHtml, isolate } from "./escape";
import { COLOR, FONT_BODY, FONT_HEADING } from "./palette";

/*
 * Every email is assembled from parts that each know their HTML and their plain-text form, so
 * the text version is written alongside the HTML rather than stripped from it afterwards.
 * HTML follows what email clients actually support: tables for layout, inline styles, one
 * column at most 600 px wide, one remote image at most (the knee diagram, a PNG from the site,
 * with alt text; see reading.ts), and a small <style> block used only for the dark-mode and
 * narrow-screen overrides that inline styles cannot express (see layout.ts).
 */

export type Part = { html: string; text: string };

/**
 * Inline content: plain strings are escaped; links render as "label (url)" in plain text; a
 * person's name is isolated from the text around it (<bdi> in HTML, U+2068…U+2069 in plain text)
 * so a right-to-left name never reorders the words beside it.
 */
export type Inline = string | { href: string; label: string } | { strong: string } | { name: string; strong?: boolean };

/** Label/value rows for `details`. */
export type DetailRow = [label: string, value: Inline[]];

function inlineHtml(content: Inline[]): string {
  return content
    .map((item) => {
      // A line break in the text is a line break on screen too.
      if (typeof item === "string") return escapeHtml(item).replace(/\r?\n/g, "<br>");
      if ("href" in item) return link(item.href, item.label);
      if ("name" in item) {
        const name = `<bdi>${escapeHtml(item.name)}</bdi>`;
        return item.strong ? `<strong style="font-weight:700;">${name}</strong>` : name;
      }
      return `<strong style="font-weight:700;">${escapeHtml(item.strong)}</strong>`;
    })
    .join("");
}

function inlineText(content: Inline[]): string {
  return content
    .map((item) => {
      if (typeof item === "string") return item;
      if ("href" in item) {
        if (item.label === item.href || item.href === `mailto:${item.label}` || item.href.startsWith("tel:")) return item.label;
        return `${item.label} (${item.href})`;
      }
      if ("name" in item) return isolate(item.name);
      return item.strong;
    })
    .join("");
}

/** A link in running text. Long words (an address, a reference) may break anywhere rather than widen a phone's screen. */
export function link(href: string, label: string): string {
  return `<a href="${escapeHtml(href)}" class="pfm-link" style="color:${COLOR.accent};text-decoration:underline;font-weight:600;${WRAP}">${escapeHtml(label)}</a>`;
}

/** Lets a long word (a name with no spaces, an email address) wrap instead of widening the email past a phone's screen. */
const WRAP = "overflow-wrap:anywhere;word-break:break-word;";

export const P_STYLE = `margin:0 0 16px;font-family:${FONT_BODY};font-size:16px;line-height:1.6;color:${COLOR.text};${WRAP}`;

export function paragraph(...content: Inline[]): Part {
  return {
    html: `<p class="pfm-text" style="${P_STYLE}">${inlineHtml(content)}</p>`,
    text: inlineText(content),
  };
}

export function smallPrint(...content: Inline[]): Part {
  return {
    html: `<p class="pfm-muted" style="margin:0 0 12px;font-family:${FONT_BODY};font-size:14px;line-height:1.55;color:${COLOR.muted};${WRAP}">${inlineHtml(content)}</p>`,
    text: inlineText(content),
  };
}

export function title(...content: Inline[]): Part {
  const text = inlineText(content);
  return {
    html: `<h1 class="pfm-text" style="margin:0 0 16px;font-family:${FONT_HEADING};font-size:28px;line-height:1.25;font-weight:700;color:${COLOR.text};${WRAP}">${inlineHtml(content)}</h1>`,
    text: `${text}\n${"=".repeat(Math.min(text.replace(/[\u2068\u2069]/g, "").length, 60))}`,
  };
}

export function heading(text: string): Part {
  return {
    html: `<h2 class="pfm-text" style="margin:28px 0 12px;font-family:${FONT_HEADING};font-size:21px;line-height:1.3;font-weight:700;color:${COLOR.text};">${escapeHtml(text)}</h2>`,
    text: `\n${text.toUpperCase()}\n${"-".repeat(Math.min(text.length, 60))}`,
  };
}

export function subheading(text: string): Part {
  return {
    html: `<h3 class="pfm-text" style="margin:20px 0 8px;font-family:${FONT_BODY};font-size:17px;line-height:1.35;font-weight:700;color:${COLOR.text};">${escapeHtml(text)}</h3>`,
    text: `\n${text}`,
  };
}

export function bulletList(items: Inline[][]): Part {
  const li = items
    .map(
      (item) =>
        `<li class="pfm-text" style="margin:0 0 8px;font-family:${FONT_BODY};font-size:16px;line-height:1.55;color:${COLOR.text};${WRAP}">${inlineHtml(item)}</li>`,
    )
    .join("");
  return {
    html: `<ul style="margin:0 0 16px;padding:0 0 0 22px;">${li}</ul>`,
    text: items.map((item) => `  - ${inlineText(item)}`).join("\n"),
  };
}

export function numberedList(items: { title: string; detail: string }[]): Part {
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
export function button(href: string, label: string): Part {
  return {
    html: `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 24px;border-collapse:separate;"><tr><td class="pfm-button" bgcolor="${COLOR.accent}" style="background-color:${COLOR.accent};border-radius:10px;"><a href="${escapeHtml(href)}" style="display:inline-block;padding:14px 26px;font-family:${FONT_BODY};font-size:17px;line-height:1.2;font-weight:700;color:#ffffff;text-decoration:none;border-radius:10px;">${escapeHtml(label)}</a></td></tr></table>`,
    text: `${label}:\n${href}`,
  };
}

/**
 * Secondary actions as outlined buttons side by side, wrapping onto a new line on a narrow screen
 * (e.g. Google Calendar and Outlook). Each is a tap target of at least 44 px; plain text lists them
 * as "label: url" lines.
 */
export function buttonRow(links: { href: string; label: string }[]): Part {
  const anchors = links
    .map(
      ({ href, label }) =>
        `<a href="${escapeHtml(href)}" class="pfm-outline" style="display:inline-block;margin:0 8px 10px 0;padding:11px 18px;border:2px solid ${COLOR.accent};border-radius:10px;font-family:${FONT_BODY};font-size:16px;line-height:1.2;font-weight:700;color:${COLOR.accent};text-decoration:none;white-space:nowrap;">${escapeHtml(label)}</a>`,
    )
    .join(" ");
  return {
    html: `<p style="margin:0 0 6px;">${anchors}</p>`,
    text: links.map(({ href, label }) => `  ${label}: ${href}`).join("\n"),
  };
}

/** Label/value rows; the label column collapses above the value on narrow screens. */
export function details(rows: DetailRow[]): Part {
  const html = rows
    .map(
      ([label, value]) =>
        `<tr><td class="pfm-muted pfm-stack pfm-rule" valign="top" style="width:30%;padding:10px 12px 10px 0;border-top:1px solid ${COLOR.rule};font-family:${FONT_BODY};font-size:14px;line-height:1.5;font-weight:600;color:${COLOR.muted};">${escapeHtml(label)}</td><td class="pfm-text pfm-stack pfm-rule" valign="top" style="padding:10px 0;border-top:1px solid ${COLOR.rule};font-family:${FONT_BODY};font-size:16px;line-height:1.5;color:${COLOR.text};${WRAP}">${inlineHtml(value)}</td></tr>`,
    )
    .join("");
  const labelWidth = Math.max(...rows.map(([label]) => label.length)) + 2;
  return {
    html: `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;margin:0 0 20px;border-collapse:collapse;">${html}</table>`,
    text: rows.map(([label, value]) => `${`${label}:`.padEnd(labelWidth)}${inlineText(value)}`).join("\n"),
  };
}

/** A soft highlighted box around a few parts; in plain text, a framed block. */
export function callout(parts: Part[], tone: "highlight" | "quiet" = "highlight"): Part {
  const background = tone === "highlight" ? COLOR.highlight : COLOR.background;
  const className = tone === "highlight" ? "pfm-highlight" : "pfm-quiet";
  return {
    html: `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;margin:8px 0 20px;border-collapse:separate;"><tr><td class="${className}" bgcolor="${background}" style="background-color:${background};border-radius:12px;padding:18px 20px 4px;">${parts.map((part) => part.html).join("")}</td></tr></table>`,
    text: `  * * *\n${parts.map((part) => part.text).join("\n\n")}\n  * * *`,
  };
}

export function blockPart(block: Block): Part {
  switch (block.type) {
    case "p":
      return paragraph(block.text);
    case "list":
      return bulletList(block.items.map((item) => [item]));
    case "steps":
      return numberedList(block.items);
  }
}
