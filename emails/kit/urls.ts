import type { EmailContext } from "../types";

/** A link on the studio's site, always absolute. `path` starts with "/" (or is "/" itself). */
export function siteUrl(ctx: Pick<EmailContext, "studio">, path: string): string {
  return `${ctx.studio.baseUrl.replace(/\/+$/, "")}${path}`;
}

/** The booking link as given, made absolute against the site should it ever arrive relative. */
export function bookingUrl(ctx: EmailContext): string {
  return new URL(ctx.booking.url, siteUrl(ctx, "/")).toString();
}

/**
 * Directions to an address with Google Maps' documented cross-platform URL (/maps/dir/?api=1):
 * on a phone it opens the maps app, routed from where the customer is; elsewhere the map in a browser.
 */
export function directionsUrl(address: string): string {
  return `https://www.google.com/maps/dir/?api=1&destination=${encodeURIComponent(address)}`;
}

/** A phone number as a `tel:` link: its digits, and a leading + if it has one. */
export function telUrl(phone: string): string {
  return `tel:${phone.trim().replace(/(?!^\+)\D/g, "")}`;
}
