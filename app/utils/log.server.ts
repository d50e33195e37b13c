import pino, { type DestinationStream, type Logger } from "pino";
import pretty from "pino-pretty";
import { DatabaseInUseError } from "../../db/client";
import { ConfigError, logFormatFor, logFormatSettingFrom, type AppMode, type LogFormat } from "./env.server";
import { UserError } from "./errors.server";

/**
 * The app's one logger (pino): JSON lines for a log collector, or pino-pretty for a person at a
 * terminal (see logFormatFor). App code logs through `log`; server.mjs reaches the same logger
 * through the build (`configureLogging`, `logger`).
 *
 * What is never logged: customers' names, emails, phone numbers, knee notes, booking tokens
 * (they are in `/bookings/<token>` paths and Referers), query strings, cookies, headers, and
 * whatever a foreign error carries in its message (Drizzle's "Failed query … params: …",
 * Postgres's "Failing row contains (…)", an SMTP server quoting the recipient). Errors are
 * logged through `describeError`; booking references are fine, they are not personal data.
 */
export type LogFields = Record<string, unknown>;

export function createLogger(format: LogFormat, destination?: DestinationStream): Logger {
  const options = { serializers: { err: describeError } };
  if (destination) return pino(options, destination);
  if (format === "pretty") {
    // In-process and synchronous (not a worker-thread transport), so nothing is lost on process.exit.
    // A request line's message already says method, route, status and time: the fields are left out.
    return pino(options, pretty({ sync: true, translateTime: "SYS:HH:MM:ss", ignore: "pid,hostname,req,res,reqId,responseTime" }));
  }
  return pino(options, pino.destination({ fd: 1, sync: true }));
}

let current: Logger = createLogger("json");

/** Chooses the format from LOG_FORMAT, the mode and whether stdout is a terminal, once at start-up. */
export function configureLogging({
  mode,
  source,
  stdoutIsTerminal,
}: {
  mode: AppMode;
  source: Record<string, string | undefined>;
  stdoutIsTerminal: boolean;
}): Logger {
  current = createLogger(logFormatFor(logFormatSettingFrom(source), mode, stdoutIsTerminal));
  return current;
}

export function logger(): Logger {
  return current;
}

/** Replaces the logger (tests capture lines with it); returns the one it replaced. */
export function useLogger(next: Logger): Logger {
  const previous = current;
  current = next;
  return previous;
}

/** `log.error("Refund NOT made", { refund: id, err: error })`: an `err` field goes through describeError. */
export const log = {
  info: (message: string, fields: LogFields = {}) => current.info(fields, message),
  warn: (message: string, fields: LogFields = {}) => current.warn(fields, message),
  error: (message: string, fields: LogFields = {}) => current.error(fields, message),
};

/** What may be logged of an error. */
export type ErrorSummary = {
  name: string;
  /** Only for our own errors, whose messages we write and which carry no customer data. */
  message?: string;
  /** SQLSTATE for database errors; Node's, nodemailer's or Stripe's code otherwise. */
  code?: string;
  constraint?: string;
  table?: string;
  severity?: string;
  /** HTTP status (ours, Stripe's) or the SMTP reply code. */
  status?: number;
  /** The stack's frames only: its first line repeats the message. */
  frames?: string[];
  cause?: ErrorSummary;
};

const ownMessage = (error: Error) =>
  error instanceof UserError || error instanceof ConfigError || error instanceof DatabaseInUseError;

const text = (value: unknown, max = 100): string | undefined =>
  typeof value === "string" && value !== "" ? value.slice(0, max) : undefined;
const number = (value: unknown): number | undefined => (typeof value === "number" && Number.isFinite(value) ? value : undefined);

/**
 * An error reduced to fields that are safe to log: its name, our own message for our own errors,
 * codes and statuses, and for database errors (postgres.js and PGlite alike) the SQLSTATE code,
 * constraint, table and severity — never the message, `detail`, query or parameters.
 */
export function describeError(error: unknown, depth = 0): ErrorSummary {
  if (!(error instanceof Error)) return { name: typeof error };
  const fields = error as Error & Record<string, unknown>;
  const name = error.name !== "Error" ? error.name : (error.constructor?.name ?? "Error");
  const summary: ErrorSummary = { name };
  if (ownMessage(error)) summary.message = error.message;
  summary.code = text(fields.code, 40);
  if (typeof fields.severity === "string" && typeof fields.code === "string" && /^[0-9A-Z]{5}$/.test(fields.code)) {
    summary.constraint = text(fields.constraint_name ?? fields.constraint);
    summary.table = text(fields.table_name ?? fields.table);
    summary.severity = text(fields.severity, 20);
  }
  summary.status = number(fields.status) ?? number(fields.statusCode) ?? number(fields.responseCode);
  if (depth === 0 && typeof error.stack === "string") {
    summary.frames = error.stack
      .split("\n")
      .filter((line) => /^\s+at /.test(line))
      .slice(0, 12)
      .map((line) => line.trim());
  }
  if (error.cause !== undefined && depth < 4) summary.cause = describeError(error.cause, depth + 1);
  return Object.fromEntries(Object.entries(summary).filter(([, value]) => value !== undefined)) as ErrorSummary;
}
