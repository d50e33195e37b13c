import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "../../app/utils/env.server";

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

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
    const env = parseEnv(
      {
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
      },
      "production",
    );
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
});
