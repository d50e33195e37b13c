import type { EmailContext } from "../types";

/** A link on the studio's site, always absolute. `path` starts with "/" (or is "/" itself). */
export function siteUrl(ctx: Pick<EmailContext, "studio">, path: string): string {
  return `${ctx.studio.baseUrl.replace(/\/+$/, "")}${path}`;
}

/** The booking link as given, made absolute against the site should it ever arrive relative. */
export function bookingUrl(ctx: EmailContext): string {
  return new URL(ctx.booking.url, siteUrl(ctx, "/")).toString();
}
