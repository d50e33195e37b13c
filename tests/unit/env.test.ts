import { describe, expect, it } from "vitest";
import { ConfigError, logFormatFor, logFormatSettingFrom, parseEnv, parseTrustProxy } from "../../app/utils/env.server";

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

const COMPLETE_PRODUCTION = {
  DATABASE_URL: "postgresql://studio@db/studio",
  PUBLIC_BASE_URL: "https://book.painfreeme.example/",
  STUDIO_ADDRESS: "1 High Street, London",
  STRIPE_SECRET_KEY: "sk_live_abc123",
  STRIPE_WEBHOOK_SECRET: "whsec_abc123",
  BOOKING_LINK_SECRET: "a-production-secret-of-at-least-32-characters",
  SESSION_SECRET: "a-production-session-secret-of-32-characters",
  SMTP_URL: "smtps://user:pass@smtp.example.com:465",
  MAIL_FROM: "Pain Free Me Studio <hello@painfreeme.example>",
  STUDIO_EMAIL: "hello@painfreeme.example",
};

describe("configuration", () => {
  it("needs nothing in demo mode: embedded database, London, GBP, localhost links", () => {
    const env = parseEnv({}, "demo");
    expect(env.database).toEqual({ kind: "pglite", dataDir: ".data/pglite" });
    expect(env.studio.timeZone).toBe("Europe/London");
    expect(env.studio.currency).toBe("GBP");
    expect(env.publicBaseUrl).toBe("http://localhost:3000");
    expect(env.port).toBe(3000);
    expect(env.payments.kind).toBe("simulated");
    expect(env.mail.smtpUrl).toBeUndefined();
    expect(env.booking).toEqual({
      maxSeats: 4,
      closesMinutesBefore: 120,
      checkoutMinutes: 31,
      holdGraceMinutes: 10,
      holdsPerEmail: 1,
      heldPlacesPerNetwork: 4,
      timeZone: "Europe/London",
      rateLimit: { max: 10, windowSeconds: 600 },
    });
    // No link secret: the demo generates one and keeps it with its data.
    expect(env.bookingLinks).toEqual({ secret: undefined, previousSecret: undefined });
  });

  it("takes the studio's phone from STUDIO_PHONE: a number that rings nowhere in demo mode, none in production unless set", () => {
    expect(parseEnv({}, "demo").studio.phone).toBe("020 7946 0321");
    expect(parseEnv(COMPLETE_PRODUCTION, "production").studio.phone).toBeNull();
    expect(parseEnv({ ...COMPLETE_PRODUCTION, STUDIO_PHONE: " +44 (0)20 7946 0999 " }, "production").studio.phone).toBe("+44 (0)20 7946 0999");
    expect(problemsOf(() => parseEnv({ STUDIO_PHONE: "call us" }, "demo"))).toEqual([
      "STUDIO_PHONE must be a phone number such as 020 7946 0321 or +44 20 7946 0321",
    ]);
  });

  it("uses the postgres driver when DATABASE_URL is set, with a configurable pool", () => {
    const env = parseEnv({ DATABASE_URL: "postgres://u@db:5432/studio", DATABASE_POOL_MAX: "7" }, "demo");
    expect(env.database).toEqual({ kind: "postgres", url: "postgres://u@db:5432/studio", poolMax: 7 });
  });

  it("in production names every missing setting instead of falling back", () => {
    const problems = problemsOf(() => parseEnv({}, "production"));
    expect(problems.join("\n")).toMatch(/DATABASE_URL is required/);
    expect(problems.join("\n")).toMatch(/PUBLIC_BASE_URL is required/);
    for (const name of ["STUDIO_ADDRESS", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "BOOKING_LINK_SECRET", "SESSION_SECRET", "SMTP_URL", "MAIL_FROM", "STUDIO_EMAIL"]) {
      expect(problems.join("\n")).toContain(`${name} is required`);
    }
  });

  it("accepts a complete production configuration", () => {
    const env = parseEnv(COMPLETE_PRODUCTION, "production");
    expect(env.mode).toBe("production");
    expect(env.payments).toMatchObject({ kind: "stripe", secretKey: "sk_live_abc123" });
    expect(env.mail.smtpUrl).toBe("smtps://user:pass@smtp.example.com:465");
    expect(env.publicBaseUrl).toBe("https://book.painfreeme.example");
  });

  it("rejects malformed settings with the variable's name", () => {
    const problems = problemsOf(() =>
      parseEnv(
        {
          DATABASE_URL: "mysql://nope",
          STUDIO_TIME_ZONE: "Mars/Olympus",
          PORT: "http",
          PUBLIC_BASE_URL: "not a url",
          STUDIO_CURRENCY: "pounds",
          STRIPE_SECRET_KEY: "pk_test_publishable",
          CHECKOUT_EXPIRES_MINUTES: "20",
          SMTP_URL: "mail.example.com",
        },
        "demo",
      ),
    );
    const text = problems.join("\n");
    for (const name of ["DATABASE_URL", "STUDIO_TIME_ZONE", "PORT", "PUBLIC_BASE_URL", "STUDIO_CURRENCY", "STRIPE_SECRET_KEY", "CHECKOUT_EXPIRES_MINUTES", "SMTP_URL"]) {
      expect(text).toContain(name);
    }
  });

  it("demo mode refuses a live Stripe key and says to set NODE_ENV=production", () => {
    for (const key of ["sk_live_abc123", "rk_live_abc123"]) {
      const text = problemsOf(() => parseEnv({ STRIPE_SECRET_KEY: key }, "demo")).join("\n");
      expect(text).toContain("STRIPE_SECRET_KEY is a live key");
      expect(text).toContain("NODE_ENV=production");
    }
    expect(parseEnv({ STRIPE_SECRET_KEY: "rk_test_abc123" }, "demo").payments).toMatchObject({ kind: "stripe" });
  });

  describe("SMTP over TLS", () => {
    const production = (extra: Record<string, string>) => parseEnv({ ...COMPLETE_PRODUCTION, ...extra }, "production");

    it("is required in production, for smtp:// and smtps:// alike, unless SMTP_ALLOW_PLAINTEXT=true", () => {
      expect(production({ SMTP_URL: "smtp://mail.example.com:587" }).mail.requireTls).toBe(true);
      expect(production({ SMTP_URL: "smtps://mail.example.com" }).mail.requireTls).toBe(true);
      expect(production({ SMTP_URL: "smtp://relay:25", SMTP_ALLOW_PLAINTEXT: "true" }).mail.requireTls).toBe(false);
      expect(parseEnv({ SMTP_URL: "smtp://localhost:1025" }, "demo").mail.requireTls).toBe(false);
    });

    it("refuses URL options that would turn TLS off in production, naming SMTP_URL", () => {
      for (const url of ["smtp://mail.example.com?ignoreTLS=true", "smtp://mail.example.com?requireTLS=false", "smtps://mail.example.com?secure=false"]) {
        const text = problemsOf(() => production({ SMTP_URL: url })).join("\n");
        expect(text).toMatch(/^SMTP_URL must not set/);
        expect(text).toContain("SMTP_ALLOW_PLAINTEXT=true");
      }
      expect(production({ SMTP_URL: "smtp://relay?ignoreTLS=true", SMTP_ALLOW_PLAINTEXT: "true" }).mail.smtpUrl).toContain("relay");
    });
  });

  describe("TRUST_PROXY", () => {
    it("trusts loopback only by default", () => {
      expect(parseEnv({}, "demo").trustProxy).toEqual(["loopback"]);
    });

    it("takes a hop count or a list of addresses, CIDRs and named ranges", () => {
      expect(parseTrustProxy("0")).toBe(0);
      expect(parseTrustProxy("2")).toBe(2);
      expect(parseTrustProxy("10.0.0.5")).toEqual(["10.0.0.5"]);
      expect(parseTrustProxy(" loopback, 172.18.0.0/16 ,fd00::/8,uniquelocal,linklocal")).toEqual([
        "loopback",
        "172.18.0.0/16",
        "fd00::/8",
        "uniquelocal",
        "linklocal",
      ]);
      expect(parseEnv({ TRUST_PROXY: "1" }, "demo").trustProxy).toBe(1);
    });

    it("stops start-up on anything else, naming the variable", () => {
      for (const value of ["true", "-1", "1.5", "10.0.0.0/33", "localhost", "loopback,,10.0.0.1", "proxy.example.com"]) {
        const text = problemsOf(() => parseEnv({ TRUST_PROXY: value }, "demo")).join("\n");
        expect(text, value).toMatch(/^TRUST_PROXY must be a hop count/);
      }
    });
  });

  it("LOG_FORMAT: pretty for a person at a terminal in demo mode, JSON otherwise, and either when asked", () => {
    expect(logFormatFor("auto", "demo", true)).toBe("pretty");
    expect(logFormatFor("auto", "demo", false)).toBe("json");
    expect(logFormatFor("auto", "production", true)).toBe("json");
    expect(logFormatFor("pretty", "production", false)).toBe("pretty");
    expect(logFormatFor("json", "demo", true)).toBe("json");
    expect(logFormatSettingFrom({ LOG_FORMAT: "json" })).toBe("json");
    expect(logFormatSettingFrom({ LOG_FORMAT: "" })).toBe("auto");
    expect(problemsOf(() => parseEnv({ LOG_FORMAT: "yaml" }, "demo")).join("\n")).toContain("LOG_FORMAT must be pretty or json");
  });
});
