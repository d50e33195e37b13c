/**
 * One page under load: autocannon with N keep-alive connections for a fixed time, after an
 * untimed warm-up (JIT, the database pool, caches), as a browser asks for it (HTML, compressed).
 */
import autocannon from "autocannon";

export type LoadResult = {
  label: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Connection errors and timeouts, plus every answer that isn't 2xx. */
  errors: number;
  statuses: string;
};

const BROWSER_HEADERS = {
  Accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
  "Accept-Encoding": "gzip, deflate, br",
  "Accept-Language": "en-GB,en;q=0.9",
};

export type LoadTarget = { label: string; url: string; headers?: Record<string, string> };

function run(target: LoadTarget, connections: number, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: target.url,
    connections,
    duration: seconds,
    headers: { ...BROWSER_HEADERS, ...target.headers },
    timeout: 10,
  });
}

export async function measureLoad(
  target: LoadTarget,
  { connections, seconds, warmupSeconds }: { connections: number; seconds: number; warmupSeconds: number },
): Promise<LoadResult> {
  if (warmupSeconds > 0) {
    await run(target, connections, warmupSeconds);
    // The warm-up's last requests were abandoned, not cancelled: one more answer means the server
    // has worked through them, so they don't slow the first moments of the timed run.
    await (await fetch(target.url, { headers: target.headers })).arrayBuffer();
  }
  const result = await run(target, connections, seconds);
  const statuses = Object.entries(result.statusCodeStats ?? {})
    .map(([status, { count }]) => `${count ?? 0}×${status}`)
    .join(" ");
  return {
    label: target.label,
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
    statuses,
  };
}
