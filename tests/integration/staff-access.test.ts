import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createStaffUser, removeDemoAccounts, resetStaffPassword } from "../../app/staff/accounts.server";
import { COMMAND_LINE } from "../../app/staff/audit.server";
import { ARGON2_OPTIONS, passwordProblem, verifyPassword } from "../../app/staff/passwords.server";
import { readStaffSession, revokeStaffUserSessions, SESSION_IDLE_MS, SESSION_MAX_MS, startStaffSession } from "../../app/staff/sessions.server";
import { safeNext, signIn, signOut } from "../../app/staff/sign-in.server";
import { ADDRESS_LIMIT, PAIR_LIMIT } from "../../app/staff/throttle.server";
import { auditEvents, staffUsers } from "../../db/schema";
import { useBookingApp } from "../helpers/booking-app";

const PASSWORD = "correct horse battery staple";
let counter = 0;

/** Staff accounts, sign-in and sessions against the real database. */
describe("staff access", () => {
  const world = useBookingApp();
  const { db, app } = world;
  const nextAddress = () => `192.0.2.${(++counter % 250) + 1}`;

  async function account(role: "owner" | "staff" = "staff") {
    return createStaffUser(db(), {
      email: `coach.${++counter}@painfreeme.example`,
      name: "Maya Okafor",
      role,
      password: PASSWORD,
      actor: COMMAND_LINE,
      now: new Date(),
    });
  }
  const auditFor = async (staffUserId: string) =>
    (await db().select().from(auditEvents).where(eq(auditEvents.recordId, staffUserId))).map((row) => row.action).sort();
  const attempt = (email: string, password: string, clientIp: string) =>
    signIn(db(), app().staffAuth.throttle, { email, password, clientIp, now: new Date() });

  it("hashes with argon2id at OWASP's first setting and refuses weak or short passwords", async () => {
    const user = await account();
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(ARGON2_OPTIONS).toMatchObject({ memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    expect(await verifyPassword(user.passwordHash, PASSWORD)).toBe(true);
    expect(await verifyPassword(user.passwordHash, `${PASSWORD}!`)).toBe(false);
    expect(await passwordProblem("elevenchars")).toMatch(/at least 12/);
    expect(await passwordProblem("password1234")).toMatch(/too easy to guess/);
    expect(await passwordProblem("qwertyuiop123")).toMatch(/too easy to guess/);
    expect(await passwordProblem(PASSWORD)).toBeNull();
    await expect(
      createStaffUser(db(), { email: "weak@example.com", name: "Weak", role: "staff", password: "password1234", actor: COMMAND_LINE, now: new Date() }),
    ).rejects.toThrow(/too easy to guess/);
    // The email is unique whatever its case.
    await expect(
      createStaffUser(db(), { email: user.email.toUpperCase(), name: "Twin", role: "staff", password: PASSWORD, actor: COMMAND_LINE, now: new Date() }),
    ).rejects.toThrow(/already a staff account/);
  });

  it("answers the same, in about the same time, for an unknown email, a wrong password and a disabled account", async () => {
    const user = await account();
    const disabled = await account();
    await db().update(staffUsers).set({ disabled: true }).where(eq(staffUsers.id, disabled.id));
    /** The median of five tries (each from a new address, so the throttle stays out of it). */
    const time = async (email: string, password: string) => {
      const runs: { result: Awaited<ReturnType<typeof attempt>>; ms: number }[] = [];
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        const result = await attempt(email, password, nextAddress());
        runs.push({ result, ms: performance.now() - started });
      }
      runs.sort((a, b) => a.ms - b.ms);
      return runs[2]!;
    };
    const unknown = await time("nobody.here@painfreeme.example", PASSWORD);
    const wrong = await time(user.email, "not the password at all");
    const off = await time(disabled.email, PASSWORD);
    for (const { result } of [unknown, wrong, off]) {
      expect(result).toEqual({ ok: false, status: 401, message: expect.stringMatching(/don't match a staff account/) });
    }
    expect(new Set([unknown, wrong, off].map(({ result }) => (result as { message: string }).message)).size).toBe(1);
    // A password hash is verified every time (about 100 ms here), so none answers much faster.
    const fastest = Math.min(unknown.ms, wrong.ms, off.ms);
    const slowest = Math.max(unknown.ms, wrong.ms, off.ms);
    expect(fastest).toBeGreaterThan(slowest / 4);
  });

  it("blocks an account from an address after 5 failures, even with the right password; another address isn't locked out; success resets the count", async () => {
    expect(PAIR_LIMIT).toEqual({ points: 5, duration: 900, blockDuration: 900 });
    const user = await account();
    const here = nextAddress();
    for (let i = 0; i < PAIR_LIMIT.points; i++) expect((await attempt(user.email, "wrong password here", here)).ok).toBe(false);
    const sixth = await attempt(user.email, PASSWORD, here);
    expect(sixth).toMatchObject({ ok: false, status: 429, message: expect.stringMatching(/paused for 15 minutes/) });
    expect((await attempt(user.email, PASSWORD, nextAddress())).ok).toBe(true);

    const other = await account();
    const there = nextAddress();
    for (let i = 0; i < PAIR_LIMIT.points - 1; i++) await attempt(other.email, "wrong password here", there);
    expect((await attempt(other.email, PASSWORD, there)).ok).toBe(true);
    for (let i = 0; i < PAIR_LIMIT.points - 1; i++) await attempt(other.email, "wrong password here", there);
    expect((await attempt(other.email, PASSWORD, there)).ok).toBe(true);
  });

  it("blocks an address after 50 failures in an hour, whichever emails it tried", async () => {
    expect(ADDRESS_LIMIT).toEqual({ points: 50, duration: 3600, blockDuration: 3600 });
    const user = await account();
    const here = nextAddress();
    await Promise.all(
      Array.from({ length: ADDRESS_LIMIT.points }, (_, i) => attempt(`guess.${i}@painfreeme.example`, "guessing away", here)),
    );
    expect(await attempt(user.email, PASSWORD, here)).toMatchObject({ ok: false, status: 429 });
    expect((await attempt(user.email, PASSWORD, nextAddress())).ok).toBe(true);
  });

  it("a session ends when idle 12 hours, 7 days after it began, on sign-out, when disabled, and on a password reset", async () => {
    const user = await account();
    const start = new Date("2027-01-04T09:00:00Z");
    const idle = await startStaffSession(db(), { staffUserId: user.id, now: start });
    const at = (ms: number) => new Date(start.getTime() + ms);
    expect(await readStaffSession(db(), { sessionId: idle, now: at(SESSION_IDLE_MS - 1_000) })).not.toBeNull();
    const later = at(SESSION_IDLE_MS - 1_000);
    expect(await readStaffSession(db(), { sessionId: idle, now: new Date(later.getTime() + SESSION_IDLE_MS + 1_000) })).toBeNull();

    // Used every few hours, it still ends 7 days after it began.
    const busy = await startStaffSession(db(), { staffUserId: user.id, now: start });
    for (let hours = 6; hours < 7 * 24; hours += 6) {
      expect(await readStaffSession(db(), { sessionId: busy, now: at(hours * 3_600_000) })).not.toBeNull();
    }
    expect(await readStaffSession(db(), { sessionId: busy, now: at(SESSION_MAX_MS + 60_000) })).toBeNull();

    const now = new Date();
    const out = await startStaffSession(db(), { staffUserId: user.id, now });
    const signedIn = (await readStaffSession(db(), { sessionId: out, now }))!;
    expect(signedIn.user.id).toBe(user.id);
    await signOut(db(), signedIn, now);
    expect(await readStaffSession(db(), { sessionId: out, now })).toBeNull();

    const a = await startStaffSession(db(), { staffUserId: user.id, now });
    await db().update(staffUsers).set({ disabled: true }).where(eq(staffUsers.id, user.id));
    expect(await readStaffSession(db(), { sessionId: a, now })).toBeNull();
    await db().update(staffUsers).set({ disabled: false }).where(eq(staffUsers.id, user.id));

    const b = await startStaffSession(db(), { staffUserId: user.id, now });
    const { sessionsEnded } = await resetStaffPassword(db(), { email: user.email, password: "a brand new long passphrase", actor: COMMAND_LINE, now });
    expect(sessionsEnded).toBeGreaterThanOrEqual(1);
    expect(await readStaffSession(db(), { sessionId: b, now })).toBeNull();
    expect(await revokeStaffUserSessions(db(), { staffUserId: user.id, now })).toBe(0);
  });

  it("reads the role from the database on every request: a change takes effect at once", async () => {
    const user = await account("owner");
    const now = new Date();
    const id = await startStaffSession(db(), { staffUserId: user.id, now });
    expect((await readStaffSession(db(), { sessionId: id, now }))!.user.role).toBe("owner");
    await db().update(staffUsers).set({ role: "staff" }).where(eq(staffUsers.id, user.id));
    expect((await readStaffSession(db(), { sessionId: id, now }))!.user.role).toBe("staff");
  });

  it("writes one audit row per change (sign-in, sign-out, account, password) and none for a refused one", async () => {
    const user = await account();
    expect(await auditFor(user.id)).toEqual(["staff.account_created"]);
    await attempt(user.email, "wrong password here", nextAddress());
    await expect(resetStaffPassword(db(), { email: user.email, password: "short", actor: COMMAND_LINE, now: new Date() })).rejects.toThrow();
    expect(await auditFor(user.id)).toEqual(["staff.account_created"]);
    const result = await attempt(user.email, PASSWORD, nextAddress());
    expect(result.ok).toBe(true);
    const signedIn = (await readStaffSession(db(), { sessionId: (result as { sessionId: string }).sessionId, now: new Date() }))!;
    await signOut(db(), signedIn, new Date());
    await resetStaffPassword(db(), { email: user.email, password: "a brand new long passphrase", actor: COMMAND_LINE, now: new Date() });
    expect(await auditFor(user.id)).toEqual(["staff.account_created", "staff.password_reset", "staff.signed_in", "staff.signed_out"]);
    const rows = await db().select().from(auditEvents).where(eq(auditEvents.recordId, user.id));
    expect(JSON.stringify(rows)).not.toContain(PASSWORD);
    expect(JSON.stringify(rows)).not.toContain("$argon2id");
  });

  it("the demo owner can be disabled for production, and the sign-in only goes to paths on this site", async () => {
    const demo = await createStaffUser(db(), {
      email: `demo.${++counter}@painfreeme.example`,
      name: "Demo Owner",
      role: "owner",
      password: PASSWORD,
      actor: COMMAND_LINE,
      now: new Date(),
      isDemo: true,
    });
    expect(await removeDemoAccounts(db(), { actor: COMMAND_LINE, now: new Date() })).toBeGreaterThanOrEqual(1);
    expect((await db().select().from(staffUsers).where(eq(staffUsers.id, demo.id)))[0]!.disabled).toBe(true);
    expect(await attempt(demo.email, PASSWORD, nextAddress())).toMatchObject({ ok: false, status: 401 });
    for (const bad of ["https://evil.example/x", "//evil.example", "/\\evil.example", "staff", "", null]) expect(safeNext(bad)).toBe("/staff");
    expect(safeNext("/staff/activity?who=1")).toBe("/staff/activity?who=1");
  });
});
