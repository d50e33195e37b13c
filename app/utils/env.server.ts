import { IANAZone } from "luxon";
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
  LOG_REQUESTS: z.preprocess(emptyToUndefined, z.enum(["true", "false"]).default("true")),
});

export type Env = {
  mode: AppMode;
  port: number;
  host: string;
  database: { kind: "postgres"; url: string; poolMax: number } | { kind: "pglite"; dataDir: string };
  publicBaseUrl: string;
  studio: { name: string; timeZone: string; currency: string; address: string };
  logRequests: boolean;
};

export const DEMO_STUDIO_ADDRESS = "Unit 4, Riverside Yard, 12 Mill Lane, London SE1 7AB";

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Configuration error:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Settings that only demo mode may leave out; production names each one that is missing. */
const REQUIRED_IN_PRODUCTION = ["DATABASE_URL", "PUBLIC_BASE_URL", "STUDIO_ADDRESS"] as const;

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
    },
    logRequests: raw.LOG_REQUESTS === "true",
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
  };
}
export type PublicEnv = ReturnType<typeof publicEnv>;
