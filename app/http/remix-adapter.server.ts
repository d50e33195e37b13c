import { writeReadableStreamToWritable } from "@remix-run/node";
import type { Request as ExpressRequest, Response as ExpressResponse } from "express";
import { requestHost } from "./request-host.server";

/*
 * The Express ↔ fetch glue of @remix-run/express, which we can't use as it is: its handler hands
 * Remix the request stream, and we give Remix the body the guards already read within its limit.
 * (Its helpers for this are not part of its public exports.)
 */

/** The fetch Request Remix gets: the body already read (`res.locals.body`), the host as TRUST_PROXY resolves it. */
export function remixRequestFrom(req: ExpressRequest, res: ExpressResponse): Request {
  const host = requestHost(req);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  // Remix compares Origin with X-Forwarded-Host (else Host): make it the host we trusted.
  headers.set("X-Forwarded-Host", host);
  const controller = new AbortController();
  // Abort loaders and actions once the answer can no longer be written (closed before finishing).
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const body: unknown = res.locals.body;
  return new Request(`${req.protocol}://${host}${req.originalUrl}`, {
    method: req.method,
    headers,
    signal: controller.signal,
    ...(body instanceof Buffer ? { body, duplex: "half" } : {}),
  } as RequestInit);
}

export async function sendRemixResponse(res: ExpressResponse, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  if (response.headers.get("Content-Type")?.match(/text\/event-stream/i)) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
