import type { Request } from "express";

/**
 * The host (with port) the client sent this request to: X-Forwarded-Host when the connection
 * comes from a proxy TRUST_PROXY trusts, else Host. (Express's req.hostname drops the port.)
 */
export function requestHost(req: Request): string {
  const trust = req.app.get("trust proxy fn") as (address: string, hop: number) => boolean;
  const forwarded = req.get("X-Forwarded-Host");
  if (forwarded && trust(req.socket.remoteAddress ?? "", 0)) return forwarded.split(",")[0]!.trim();
  return req.get("Host") ?? "";
}
