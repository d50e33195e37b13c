import { IANAZone } from "luxon";
import proxyAddr from "proxy-addr";
import { z } from "zod";

/**
 * The one place that reads configuration. Parsed once at start-up; a missing or malformed
 * setting stops the server with a message that names the variable.
 *
 * The mode is decided by the operator alone: `NODE_ENV=production` in the environment the
 * server was started with means production; anything else is demo mode. The caller passes the
 * mode in, because the server itself sets NODE_ENV=production to run the optimised build.
 */
export type AppMode = "production" | "demo";

/** The mode for the NODE_ENV the operator started us with: production only when they say so. */
export function appModeFor(operatorNodeEnv: string | undefined): AppMode {
  return operatorNodeEnv === "production" ? "production" : "demo";
}

const emptyToUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

const optionalString = z.preprocess(emptyToUndefined, z.string().trim().optional());

const postgresUrl = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .trim()
    .refine((value) => /^postgres(ql)?:\/\/.+/.test(value), {
      message: "must be a postgres:// or postgresql:// connection URL",
    })
    .optional(),
);

const intInRange = (min: number, max: number, fallback: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().min(min).max(max).default(fallback));

const rawSchema = z.object({
  PORT: intInRange(1, 65535, 3000),
  HOST: z.preprocess(emptyToUndefined, z.string().default("0.0.0.0")),
  DATABASE_URL: postgresUrl,
  DATABASE_POOL_MAX: intInRange(1, 100, 10),
  PGLITE_DATA_DIR: z.preprocess(emptyToUndefined, z.string().default(".data/pglite")),
  PUBLIC_BASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .url({ protocol: /^https?$/, message: "must be an absolute http(s) URL such as https://book.example.com" })
      .transform((value) => value.replace(/\/+$/, ""))
      .optional(),
  ),
  STUDIO_NAME: z.preprocess(emptyToUndefined, z.string().trim().min(1).max(120).default("Pain Free Me Studio")),
  STUDIO_TIME_ZONE: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default("Europe/London")
      .refine((zone) => IANAZone.isValidZone(zone), { message: "must be an IANA time zone such as Europe/London" }),
  ),
  STUDIO_CURRENCY: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default("GBP")
      .transform((value) => value.toUpperCase())
      .refine((value) => /^[A-Z]{3}$/.test(value), { message: "must be a three-letter ISO 4217 code such as GBP" }),
  ),
  STUDIO_ADDRESS: optionalString,
  STUDIO_PHONE: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .max(40)
      .refine((value) => /^\+?[\d\s().-]{6,}$/.test(value) && /\d{6}/.test(value.replace(/\D/g, "")), {
        message: "must be a phone number such as 020 7946 0321 or +44 20 7946 0321",
      })
      .optional(),
  ),
  LOG_REQUESTS: z.preprocess(emptyToUndefined, z.enum(["true", "false"]).default("true")),
  LOG_FORMAT: z.preprocess(emptyToUndefined, z.enum(["pretty", "json"], { message: "must be pretty or json (or unset)" }).optional()),
  TRUST_PROXY: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default("loopback")
      .transform((value, ctx) => {
        const trust = parseTrustProxy(value);
        if (trust === null) {
          ctx.addIssue({
            code: "custom",
            message:
              "must be a hop count (0, 1, 2 …) or a comma-separated list of proxy addresses: IPs, CIDRs such as 10.0.0.0/8, or loopback, linklocal, uniquelocal",
          });
          return z.NEVER;
        }
        return trust;
      }),
  ),

  STRIPE_SECRET_KEY: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .refine((value) => /^(sk|rk)_(test|live)_\w+$/.test(value), { message: "must be a Stripe secret key (sk_test_… or sk_live_…)" })
      .optional(),
  ),
  STRIPE_WEBHOOK_SECRET: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .refine((value) => value.startsWith("whsec_"), { message: "must be a Stripe webhook signing secret (whsec_…)" })
      .optional(),
  ),
  STRIPE_API_BASE: z.preprocess(
    emptyToUndefined,
    z.url({ protocol: /^https?$/, message: "must be an http(s) URL such as http://127.0.0.1:12111" }).optional(),
  ),

  BOOKING_MAX_SEATS: intInRange(1, 50, 4),
  BOOKING_CLOSES_MINUTES_BEFORE: intInRange(0, 10_080, 120),
  CHECKOUT_EXPIRES_MINUTES: intInRange(31, 1_440, 31),
  HOLD_GRACE_MINUTES: intInRange(1, 240, 10),
  BOOKING_HOLDS_PER_EMAIL: intInRange(1, 20, 1),
  BOOKING_HELD_PLACES_PER_NETWORK: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(1_000).optional()),
  BOOKING_LINK_SECRET: z.preprocess(
    emptyToUndefined,
    z.string().min(32, { message: "must be at least 32 characters (e.g. `openssl rand -base64 48`)" }).optional(),
  ),
  BOOKING_LINK_SECRET_PREVIOUS: z.preprocess(
    emptyToUndefined,
    z.string().min(32, { message: "must be at least 32 characters" }).optional(),
  ),
  SESSION_SECRET: z.preprocess(
    emptyToUndefined,
    z.string().min(32, { message: "must be at least 32 characters (e.g. `openssl rand -base64 48`)" }).optional(),
  ),
  BOOKING_RATE_LIMIT_MAX: intInRange(1, 100_000, 10),
  BOOKING_RATE_LIMIT_WINDOW_SECONDS: intInRange(1, 86_400, 600),

  SMTP_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .refine((value) => /^smtps?:\/\/.+/.test(value), { message: "must be an smtp:// or smtps:// URL" })
      .optional(),
  ),
  SMTP_ALLOW_PLAINTEXT: z.preprocess(emptyToUndefined, z.enum(["true", "false"]).default("false")),
  MAIL_FROM: optionalString,
  STUDIO_EMAIL: z.preprocess(emptyToUndefined, z.email({ message: "must be an email address" }).optional()),
  REMINDER_HOURS_BEFORE: intInRange(1, 168, 24),
  RUN_WORKER: z.preprocess(emptyToUndefined, z.enum(["true", "false"]).default("true")),
});

export type Env = {
  mode: AppMode;
  port: number;
  host: string;
  database: { kind: "postgres"; url: string; poolMax: number } | { kind: "pglite"; dataDir: string };
  publicBaseUrl: string;
  studio: {
    name: string;
    timeZone: string;
    currency: string;
    address: string;
    /** The number customers call to change a booking; null when the studio gives none. */
    phone: string | null;
  };
  logRequests: boolean;
  /** LOG_FORMAT: unset = pretty in demo mode on a terminal, JSON otherwise (see logFormatFor). */
  logFormat: LogFormatSetting;
  /** Express's `trust proxy`: how many proxy hops, or which proxy addresses, may set X-Forwarded-For. */
  trustProxy: TrustProxy;
  payments:
    | { kind: "stripe"; secretKey: string; webhookSecret: string | undefined; apiBase: string | undefined }
    | { kind: "simulated" };
  booking: {
    maxSeats: number;
    closesMinutesBefore: number;
    checkoutMinutes: number;
    holdGraceMinutes: number;
    /** Live holds one email may have on one day (studio time). */
    holdsPerEmail: number;
    /** Places held at once from one client network (an IPv4 address, an IPv6 /64) on one day. */
    heldPlacesPerNetwork: number;
    /** The studio's zone, where "one day" is counted. */
    timeZone: string;
    rateLimit: { max: number; windowSeconds: number };
  };
  /** Signs staff session cookies; unset in demo mode means a secret generated and kept in the database. */
  sessionSecret: string | undefined;
  /** Signs booking links; unset in demo mode means a secret generated and kept in the database. */
  bookingLinks: { secret: string | undefined; previousSecret: string | undefined };
  mail: {
    smtpUrl: string | undefined;
    /** Refuse to send over an unencrypted connection (production, unless SMTP_ALLOW_PLAINTEXT=true). */
    requireTls: boolean;
    from: string;
    studioEmail: string;
    reminderHoursBefore: number;
  };
  /** Run the job worker inside the web process (default) or leave it to `npm run worker`. */
  runWorkerInProcess: boolean;
};

export const DEMO_STUDIO_ADDRESS = "Unit 4, Riverside Yard, 12 Mill Lane, London SE1 7AB";
/** A number from the range Ofcom keeps for drama: it rings nowhere. */
export const DEMO_STUDIO_PHONE = "020 7946 0321";

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Configuration error:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Settings that only demo mode may leave out; production names each one that is missing. */
const REQUIRED_IN_PRODUCTION = [
  "DATABASE_URL",
  "PUBLIC_BASE_URL",
  "STUDIO_ADDRESS",
  "STRIPE_SECRET_KEY",
  "STRIPE_WEBHOOK_SECRET",
  "BOOKING_LINK_SECRET",
  "SESSION_SECRET",
  "SMTP_URL",
  "MAIL_FROM",
  "STUDIO_EMAIL",
] as const;

export const DEMO_STUDIO_EMAIL = "hello@painfreeme.example";

type RawEnv = z.infer<typeof rawSchema>;

const smtpRequiresTls = (raw: RawEnv, mode: AppMode) => mode === "production" && raw.SMTP_ALLOW_PLAINTEXT !== "true";

/** Nodemailer reads options from the URL's query and lets them win over ours: these would undo TLS. */
const TLS_WEAKENING_SMTP_OPTIONS = ["secure", "requireTLS", "ignoreTLS", "opportunisticTLS"];

/** Rules that depend on the mode: a live key only in production; TLS to the mail server in production. */
function modeProblems(raw: RawEnv, mode: AppMode): string[] {
  const problems: string[] = [];
  if (mode === "demo" && raw.STRIPE_SECRET_KEY && /^(sk|rk)_live_/.test(raw.STRIPE_SECRET_KEY)) {
    problems.push(
      "STRIPE_SECRET_KEY is a live key, and demo mode never takes real payments: set NODE_ENV=production to use it, " +
        "or use a test key (sk_test_… or rk_test_…) for a demo",
    );
  }
  if (raw.SMTP_URL && smtpRequiresTls(raw, mode)) {
    const options = [...new URL(raw.SMTP_URL).searchParams.keys()].filter((key) => TLS_WEAKENING_SMTP_OPTIONS.includes(key));
    if (options.length > 0) {
      problems.push(
        `SMTP_URL must not set ${options.join(", ")} in production: mail goes over TLS (smtps://, or smtp:// with STARTTLS). ` +
          "For a local relay without TLS, set SMTP_ALLOW_PLAINTEXT=true",
      );
    }
  }
  return problems;
}

/** What Express's `trust proxy` accepts: a hop count, or addresses, CIDRs and proxy-addr's named ranges. */
export type TrustProxy = number | string[];

/** TRUST_PROXY's value, or null when it is neither a hop count nor a list proxy-addr understands. */
export function parseTrustProxy(value: string): TrustProxy | null {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const list = trimmed.split(",").map((entry) => entry.trim());
  if (list.some((entry) => entry === "")) return null;
  try {
    proxyAddr.compile(list);
  } catch {
    return null;
  }
  return list;
}

export type LogFormat = "pretty" | "json";
export type LogFormatSetting = LogFormat | "auto";

/**
 * Logs are for a person at a terminal while developing or demoing, and for a log collector in
 * production: pretty when LOG_FORMAT=pretty, or when it is unset in demo mode with stdout on a
 * terminal; JSON otherwise.
 */
export function logFormatFor(setting: LogFormatSetting, mode: AppMode, stdoutIsTerminal: boolean): LogFormat {
  if (setting !== "auto") return setting;
  return mode === "demo" && stdoutIsTerminal ? "pretty" : "json";
}

/**
 * LOG_FORMAT alone, read before the rest of the configuration so that even a configuration
 * error is logged in the right format. A malformed value reads as unset here; parseEnv reports it.
 */
export function logFormatSettingFrom(source: Record<string, string | undefined>): LogFormatSetting {
  const parsed = rawSchema.shape.LOG_FORMAT.safeParse(source.LOG_FORMAT);
  return parsed.success ? (parsed.data ?? "auto") : "auto";
}

export function parseEnv(source: Record<string, string | undefined>, mode: AppMode): Env {
  const parsed = rawSchema.safeParse(source);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${issue.path.join(".") || "environment"} ${issue.message}`);
    }
  }
  if (mode === "production") {
    for (const name of REQUIRED_IN_PRODUCTION) {
      if (emptyToUndefined(source[name]) === undefined) {
        problems.push(`${name} is required when NODE_ENV=production`);
      }
    }
  }
  if (parsed.success) problems.push(...modeProblems(parsed.data, mode));
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);

  const raw = parsed.data;
  return {
    mode,
    port: raw.PORT,
    host: raw.HOST,
    database: raw.DATABASE_URL
      ? { kind: "postgres", url: raw.DATABASE_URL, poolMax: raw.DATABASE_POOL_MAX }
      : { kind: "pglite", dataDir: raw.PGLITE_DATA_DIR },
    publicBaseUrl: raw.PUBLIC_BASE_URL ?? `http://localhost:${raw.PORT}`,
    studio: {
      name: raw.STUDIO_NAME,
      timeZone: raw.STUDIO_TIME_ZONE,
      currency: raw.STUDIO_CURRENCY,
      address: raw.STUDIO_ADDRESS ?? DEMO_STUDIO_ADDRESS,
      // Optional in production (a studio may take no calls); demo mode shows a number that rings nowhere.
      phone: raw.STUDIO_PHONE ?? (mode === "demo" ? DEMO_STUDIO_PHONE : null),
    },
    logRequests: raw.LOG_REQUESTS === "true",
    logFormat: raw.LOG_FORMAT ?? "auto",
    trustProxy: raw.TRUST_PROXY,
    payments: raw.STRIPE_SECRET_KEY
      ? {
          kind: "stripe",
          secretKey: raw.STRIPE_SECRET_KEY,
          webhookSecret: raw.STRIPE_WEBHOOK_SECRET,
          apiBase: raw.STRIPE_API_BASE,
        }
      : { kind: "simulated" },
    booking: {
      maxSeats: raw.BOOKING_MAX_SEATS,
      closesMinutesBefore: raw.BOOKING_CLOSES_MINUTES_BEFORE,
      checkoutMinutes: raw.CHECKOUT_EXPIRES_MINUTES,
      holdGraceMinutes: raw.HOLD_GRACE_MINUTES,
      holdsPerEmail: raw.BOOKING_HOLDS_PER_EMAIL,
      heldPlacesPerNetwork: raw.BOOKING_HELD_PLACES_PER_NETWORK ?? raw.BOOKING_MAX_SEATS,
      timeZone: raw.STUDIO_TIME_ZONE,
      rateLimit: { max: raw.BOOKING_RATE_LIMIT_MAX, windowSeconds: raw.BOOKING_RATE_LIMIT_WINDOW_SECONDS },
    },
    mail: {
      smtpUrl: raw.SMTP_URL,
      requireTls: smtpRequiresTls(raw, mode),
      from: raw.MAIL_FROM ?? `${raw.STUDIO_NAME} <${raw.STUDIO_EMAIL ?? DEMO_STUDIO_EMAIL}>`,
      studioEmail: raw.STUDIO_EMAIL ?? DEMO_STUDIO_EMAIL,
      reminderHoursBefore: raw.REMINDER_HOURS_BEFORE,
    },
    runWorkerInProcess: raw.RUN_WORKER === "true",
    bookingLinks: { secret: raw.BOOKING_LINK_SECRET, previousSecret: raw.BOOKING_LINK_SECRET_PREVIOUS },
    sessionSecret: raw.SESSION_SECRET,
  };
}

/** The subset of configuration that may reach the browser. Nothing secret belongs here. */
export function publicEnv(env: Env) {
  return {
    studioName: env.studio.name,
    timeZone: env.studio.timeZone,
    currency: env.studio.currency,
    publicBaseUrl: env.publicBaseUrl,
    mode: env.mode,
    studioEmail: env.mail.studioEmail,
  };
}
export type PublicEnv = ReturnType<typeof publicEnv>;
