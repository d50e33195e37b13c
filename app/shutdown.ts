/**
 * How the app stops, written once: server.mjs (SIGTERM/SIGINT), stopApp and `npm run worker`
 * all use these numbers, and the README and docker-compose.yml's stop_grace_period follow them.
 *
 * On SIGTERM the web process at once stops accepting connections and the worker stops fetching
 * jobs; then open requests get `openRequestsMs` (their connections are closed after it) while the
 * jobs already running — an SMTP send, a refund call — get `jobsInFlightMs`, both at the same
 * time; then the job queue stops (`jobQueueStopMs` at most), the mailer and the database pool
 * close, and the process exits 0. If all that has not happened by `hardStopMs`, it exits 1.
 */
export const SHUTDOWN = {
  openRequestsMs: 3_000,
  jobsInFlightMs: 10_000,
  jobQueueStopMs: 3_000,
  /** Longer than the slower of the two waits plus the queue's stop, with room to close the pool. */
  hardStopMs: 15_000,
} as const;
