import type { MetaDescriptor } from "@remix-run/node";

export const STUDIO_FALLBACK_NAME = "Pain Free Me Studio";

/** Title and description tags for a page, with the studio's name in the title. */
export function pageMeta(title: string, description: string, studioName = STUDIO_FALLBACK_NAME): MetaDescriptor[] {
  const fullTitle = title === studioName ? title : `${title} · ${studioName}`;
  return [
    { title: fullTitle },
    { name: "description", content: description },
    { property: "og:title", content: fullTitle },
    { property: "og:description", content: description },
    { property: "og:type", content: "website" },
  ];
}
