import { request } from "node:http";

export type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: string; ms: number };

/**
 * One HTTP request on its own connection, as a test needs it: a body sent with Content-Length,
 * or `chunked` (Transfer-Encoding: chunked, in 16 KB pieces), from a chosen local address.
 */
export function send(
  port: number,
  {
    method = "POST",
    path,
    headers = {},
    body,
    chunked = false,
    localAddress,
  }: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer; chunked?: boolean; localAddress?: string },
): Promise<Answer> {
  const payload = body === undefined ? undefined : Buffer.from(body);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path,
        method,
        localAddress,
        agent: false,
        headers: {
          ...(payload && !chunked ? { "Content-Length": payload.length } : {}),
          ...(chunked ? { "Transfer-Encoding": "chunked" } : {}),
          Connection: "close",
          ...headers,
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, ms: performance.now() - started }));
        res.on("error", reject);
      },
    );
    // The server may answer (413) and close before a big body is all sent: the answer is what counts.
    req.on("error", (error) => setTimeout(() => reject(error), 100));
    if (payload && chunked) {
      for (let offset = 0; offset < payload.length; offset += 16 * 1024) req.write(payload.subarray(offset, offset + 16 * 1024));
      req.end();
    } else {
      req.end(payload);
    }
  });
}

export type UploadOutcome = {
  status: number | null;
  /** Bytes the client had handed to its socket when the answer arrived. */
  writtenAtAnswer: number | null;
  /** Bytes written in all: it stops at the answer, or when the connection is cut. */
  written: number;
  msToAnswer: number | null;
  error: string | null;
};

/** Streams `totalBytes` chunked to the server as fast as it takes them, and notes when the answer comes. */
export function streamUpload(port: number, path: string, totalBytes: number): Promise<UploadOutcome> {
  const chunk = Buffer.alloc(64 * 1024, "a");
  const started = performance.now();
  const outcome: UploadOutcome = { status: null, writtenAtAnswer: null, written: 0, msToAnswer: null, error: null };
  return new Promise((resolve) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: "POST",
        agent: false,
        headers: { "Content-Type": "application/x-www-form-urlencoded", "Transfer-Encoding": "chunked" },
      },
      (res) => {
        outcome.status = res.statusCode ?? null;
        outcome.writtenAtAnswer = outcome.written;
        outcome.msToAnswer = performance.now() - started;
        // Like a browser: an answer before the upload is done ends the upload.
        res.resume();
        res.on("end", () => req.destroy());
      },
    );
    req.on("error", (error: NodeJS.ErrnoException) => (outcome.error = error.code ?? error.message));
    req.on("close", () => resolve(outcome));
    const pump = () => {
      while (outcome.written < totalBytes && outcome.error === null && outcome.status === null && !req.destroyed) {
        outcome.written += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (outcome.written >= totalBytes && !req.destroyed) req.end();
    };
    pump();
  });
}
