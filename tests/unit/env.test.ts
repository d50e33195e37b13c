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
  });

  it("uses the postgres driver when DATABASE_URL is set, with a configurable pool", () => {
    const env = parseEnv({ DATABASE_URL: "postgres://u@db:5432/studio", DATABASE_POOL_MAX: "7" }, "demo");
    expect(env.database).toEqual({ kind: "postgres", url: "postgres://u@db:5432/studio", poolMax: 7 });
  });

  it("in production names every missing setting instead of falling back", () => {
    const problems = problemsOf(() => parseEnv({}, "production"));
    expect(problems.join("\n")).toMatch(/DATABASE_URL is required/);
    expect(problems.join("\n")).toMatch(/PUBLIC_BASE_URL is required/);
    expect(problems.join("\n")).toMatch(/STUDIO_ADDRESS is required/);
  });

  it("accepts a complete production configuration", () => {
    const env = parseEnv(
      {
        DATABASE_URL: "postgresql://studio@db/studio",
        PUBLIC_BASE_URL: "https://book.painfreeme.example/",
        STUDIO_ADDRESS: "1 High Street, London",
      },
      "production",
    );
    expect(env.mode).toBe("production");
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
        },
        "demo",
      ),
    );
    const text = problems.join("\n");
    for (const name of ["DATABASE_URL", "STUDIO_TIME_ZONE", "PORT", "PUBLIC_BASE_URL", "STUDIO_CURRENCY"]) {
      expect(text).toContain(name);
    }
  });
});
