import type { PainLocation } from "../../db/intake";
import { PAIN_LOCATION_CHOICES } from "../content/intake";
import { KNEE_DIAGRAM_ALT, KNEE_EMAIL_IMAGE, kneeImagePath } from "../content/knee-diagram";
import { kneeReading, sectionsForLocation } from "../content/knee-reading";
import type { EmailContext } from "../types";
import { escapeHtml } from "./escape";
import { blockPart, bulletList, callout, heading, paragraph, subheading, type Part } from "./parts";
import { siteUrl } from "./urls";

const READING_PATH = "/knee-pain-after-running";

/** A section of the knee-pain guide on the site, e.g. the one matching the customer's intake. */
export function readingUrl(ctx: EmailContext, sectionId: string): string {
  return siteUrl(ctx, `${READING_PATH}#${sectionId}`);
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

/** The knee diagram with their area highlighted, beside what they told us; the text version is the words alone. */
function kneePicture(ctx: EmailContext, location: PainLocation): Part {
  const lead = locationLead(location);
  const { width, height } = KNEE_EMAIL_IMAGE;
  // A PNG the build made from the site's SVG, fetched from the site (no attachment); sized in
  // HTML so the layout holds while images are off, and the alt text says what it shows.
  const image = `<img src="${escapeHtml(siteUrl(ctx, kneeImagePath(location)))}" width="${width}" height="${height}" alt="${escapeHtml(
    KNEE_DIAGRAM_ALT[location],
  )}" style="display:block;width:${width}px;height:${height}px;border:0;outline:none;text-decoration:none;border-radius:12px;">`;
  return {
    html: `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;margin:0 0 4px;border-collapse:collapse;"><tr><td valign="top" width="${width + 16}" style="width:${width + 16}px;padding:0 16px 12px 0;">${image}</td><td valign="top">${lead.html}</td></tr></table>`,
    text: lead.text,
  };
}

/** The pre-session reading: the customer's own section in full, then a one-line teaser for each other section, linking to it in the guide. */
export function readingParts(ctx: EmailContext): Part[] {
  const location = ctx.booking.painLocation;
  const [first, ...rest] = sectionsForLocation(location);
  const parts: Part[] = [
    heading("Before you come: a short read"),
    paragraph({ strong: kneeReading.title }),
    // An erased answer is not "not sure": say nothing about it.
    ...(location ? [kneePicture(ctx, location)] : []),
    ...kneeReading.intro.map(blockPart),
  ];
  if (first) {
    parts.push(subheading(first.title), ...first.blocks.map(blockPart));
  }
  parts.push(
    subheading("More in the guide"),
    {
      // A line each: the section's title, linking to it in the guide, then why it is worth reading.
      html: bulletList(rest.map((section) => [{ href: readingUrl(ctx, section.id), label: section.title }, `\n${section.teaser}`])).html,
      text: rest.map((section) => `  - ${section.title}: ${section.teaser}\n    ${readingUrl(ctx, section.id)}`).join("\n"),
    },
    paragraph(
      "The whole guide is on our site, with a drawing for each cause and each move: ",
      { href: readingUrl(ctx, first?.id ?? "overview"), label: "read it online" },
      ".",
    ),
    callout([paragraph(kneeReading.disclaimer)], "quiet"),
  );
  return parts;
}
