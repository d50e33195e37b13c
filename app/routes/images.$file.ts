import type { LoaderFunctionArgs } from "@remix-run/node";
import { appContext } from "~/context.server";
import { parsePhotoFileName } from "~/images/photo";
import { findRendition } from "~/images/store.server";

const CONTENT_TYPES = { webp: "image/webp", jpeg: "image/jpeg" } as const;

/**
 * A photo's rendition, from the database (so every app instance serves every upload). Its URL
 * names a hash of the upload, so what it serves never changes: browsers and proxies keep it a year.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const wanted = parsePhotoFileName(params.file ?? "");
  const bytes = wanted ? await findRendition(appContext().database.db, wanted) : null;
  if (!wanted || !bytes) {
    return new Response("There's no picture at this address.", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": CONTENT_TYPES[wanted.format],
      "Content-Length": String(bytes.length),
      "Cache-Control": "public, max-age=31536000, immutable",
    },
  });
}
