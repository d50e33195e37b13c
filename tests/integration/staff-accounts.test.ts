import { and, count, eq, isNotNull, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sendEmailMessage } from "../../app/booking/send-booking-email.server";
import { loader as consoleLoader } from "../../app/routes/staff";
import { action as accountAction, loader as accountLoader } from "../../app/routes/staff.accounts.$staffUserId";
import { action as accountsAction, loader as accountsLoader } from "../../app/routes/staff.accounts._index";
import { action as acceptAction, loader as acceptLoader } from "../../app/routes/staff_.invitation.$token";
import { changeStaffRole, setStaffAccountDisabled } from "../../app/staff/account-changes.server";
import { createStaffUser } from "../../app/staff/accounts.server";
import { COMMAND_LINE } from "../../app/staff/audit.server";
import { acceptStaffInvitation, findInvitationByToken, inviteStaffMember } from "../../app/staff/invitations.server";
import { startStaffSession } from "../../app/staff/sessions.server";
import { signIn } from "../../app/staff/sign-in.server";
import type { StaffRole, StaffUser } from "../../db/schema";
import { auditEvents, devMailboxMessages, emailMessages, staffInvitations, staffSessions, staffUsers } from "../../db/schema";
import { routeArgs } from "../helpers/app";
import { outcomeOf } from "../helpers/booking";
import { useBookingApp } from "../helpers/booking-app";
import { constraintOf, needsRealPostgres } from "../helpers/db";

const PASSWORD = "correct horse battery staple";
const NEW_PASSWORD = "lantern orchard gravel tuesday";
const HOUR = 3_600_000;
const BASE_URL = "https://book.painfreeme.example";
let counter = 0;

type Fn = (args: never) => Promise<unknown>;

/**
 * Staff accounts, as owners run them: invitations by email through the outbox (48 hours, one
 * account per link), roles, disabling, and the rule that the studio always keeps an enabled owner.
 */
describe("staff accounts", () => {
  const world = useBookingApp();
  const { db, app } = world;
  const actor = (user: StaffUser) => ({ id: user.id, name: user.name, role: user.role });
  const nextEmail = (what = "coach") => `${what}.${++counter}@painfreeme.example`;

  async function account(role: StaffRole = "staff", name = "Maya Okafor") {
    const user = await createStaffUser(db(), { email: nextEmail(role), name, role, password: PASSWORD, actor: COMMAND_LINE, now: new Date() });
    const sessionId = await startStaffSession(db(), { staffUserId: user.id, now: new Date() });
    return { user, cookie: (await app().staffAuth.cookie.serialize(sessionId)).split(";")[0]! };
  }

  async function call(fn: Fn, request: Request, params: Record<string, string> = {}) {
    try {
      return await outcomeOf(await fn(routeArgs(request, params)));
    } catch (thrown) {
      if (thrown instanceof Response) return outcomeOf(thrown);
      throw thrown;
    }
  }
  const get = (fn: Fn, path: string, params: Record<string, string> = {}, cookie?: string) =>
    call(fn, new Request(`http://localhost${path}`, { headers: cookie ? { Cookie: cookie } : {} }), params);
  const post = (fn: Fn, path: string, fields: Record<string, string>, params: Record<string, string> = {}, cookie?: string) =>
    call(
      fn,
      new Request(`http://localhost${path}`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
        body: new URLSearchParams(fields),
      }),
      params,
    );
  const errorsOf = (body: unknown) => (body as { result: { error: Record<string, string[]> } }).result.error;
  const auditCount = async () => (await db().select({ n: count() }).from(auditEvents))[0]!.n;
  const accountsFor = async (email: string) => (await db().select({ n: count() }).from(staffUsers).where(eq(staffUsers.email, email)))[0]!.n;
  const staffEmailRows = (invitationId: string) => db().select().from(emailMessages).where(eq(emailMessages.staffInvitationId, invitationId));
  const invite = (owner: StaffUser, email: string, now = new Date(), role: StaffRole = "staff") =>
    inviteStaffMember(db(), app().effects, app().staffAuth.invitations, { actor: actor(owner), input: { email, name: "Sam Rivera", role }, now });
  const tokenOf = (invitationId: string) => app().staffAuth.invitations.tokenFor(invitationId);
  /** Leaves `keep` as the studio's only enabled owners. */
  const onlyOwners = async (...keep: StaffUser[]) => {
    await db().update(staffUsers).set({ disabled: true }).where(eq(staffUsers.role, "owner"));
    for (const user of keep) await db().update(staffUsers).set({ disabled: false }).where(eq(staffUsers.id, user.id));
  };
  const enabledOwners = async () =>
    (await db().select({ id: staffUsers.id }).from(staffUsers).where(and(eq(staffUsers.role, "owner"), eq(staffUsers.disabled, false)))).map((row) => row.id);

  it("an invitation sends one email through the outbox whose link sets a password, signs the colleague in, and works once", async () => {
    const owner = await account("owner", "Olive Owner");
    const email = nextEmail("invited");
    const invited = await post(accountsAction, "/staff/accounts", { intent: "invite", email: email.toUpperCase(), name: "Sam Rivera", role: "staff" }, {}, owner.cookie);
    expect(invited.status).toBe(303);
    expect(invited.location).toMatch(/^\/staff\/accounts\?invited=[0-9a-f-]{36}$/);
    const [invitation] = await db().select().from(staffInvitations).where(eq(staffInvitations.email, email));
    expect(invitation).toMatchObject({ name: "Sam Rivera", role: "staff", invitedBy: owner.user.id, acceptedAt: null, revokedAt: null });
    expect(invitation!.expiresAt.getTime() - invitation!.createdAt.getTime()).toBe(48 * HOUR);

    // One outbox row, and the list shows the invitation waiting.
    const rows = await staffEmailRows(invitation!.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "staff_invitation", bookingId: null, toAddress: email, status: "pending" });
    const page = await get(accountsLoader, `/staff/accounts?invited=${invitation!.id}`, {}, owner.cookie);
    expect(page.status).toBe(200);
    const listed = page.body as { notice: string; invitations: { email: string; state: string }[] };
    expect(listed.notice).toMatch(new RegExp(`Invitation sent to ${email.replace(/\./g, "\\.")}`));
    expect(listed.invitations).toContainEqual(expect.objectContaining({ email, state: "pending" }));

    // The worker's send: the email carries the link (the demo mailbox keeps what was sent).
    const outcome = await sendEmailMessage(db(), app().mailer, {
      emailMessageId: rows[0]!.id,
      now: new Date(),
      env: app().env,
      links: app().effects.links,
      invitations: app().staffAuth.invitations,
    });
    expect(outcome).toBe("sent");
    const [mail] = await db().select().from(devMailboxMessages).where(eq(devMailboxMessages.messageId, rows[0]!.messageId));
    expect(mail!.to).toBe(email);
    expect(mail!.subject).toMatch(/invited to .*console/);
    expect(mail!.text).toContain("\u2068Olive Owner\u2069 has invited you");
    const link = /https:\/\/book\.painfreeme\.example\/staff\/invitation\/([A-Za-z0-9_-]{43})/.exec(mail!.text);
    expect(link, "the email carries the link").not.toBeNull();
    expect(mail!.html).toContain(link![0]);
    const token = link![1]!;
    // Only the token's hash is kept: neither the invitation, its outbox row nor the audit names the token.
    const [stored] = await db().select().from(staffInvitations).where(eq(staffInvitations.id, invitation!.id));
    const [outboxRow] = await staffEmailRows(invitation!.id);
    const audit = await db().select().from(auditEvents).where(eq(auditEvents.recordId, invitation!.id));
    expect(audit.map((row) => row.action)).toEqual(["staff.invited"]);
    expect(JSON.stringify([stored, outboxRow, audit])).not.toContain(token);

    // The page behind the link.
    const path = `/staff/invitation/${token}`;
    const form = await get(acceptLoader, path, { token });
    expect(form.status).toBe(200);
    expect(form.body).toMatchObject({ closed: null, invitation: { email, name: "Sam Rivera", role: "staff" } });

    // Bad passwords answer 400 beside the field, never echo it back, and make nothing.
    const mismatch = await post(acceptAction, path, { password: NEW_PASSWORD, confirm: `${NEW_PASSWORD}!` }, { token });
    expect(mismatch.status).toBe(400);
    expect(errorsOf(mismatch.body).confirm).toEqual(["The two passwords don't match. Please type it again."]);
    const weak = await post(acceptAction, path, { password: "password1234", confirm: "password1234" }, { token });
    expect(weak.status).toBe(400);
    expect(errorsOf(weak.body).password?.[0]).toMatch(/too easy to guess/);
    expect(JSON.stringify(weak.body)).not.toContain("password1234");
    expect(await accountsFor(email)).toBe(0);

    // A good one: the account (invited role), the invitation accepted, signed in at /staff.
    const accepted = await post(acceptAction, path, { password: NEW_PASSWORD, confirm: NEW_PASSWORD }, { token });
    expect(accepted.status).toBe(303);
    expect(accepted.location).toBe("/staff");
    const cookie = accepted.headers.get("Set-Cookie")!.split(";")[0]!;
    const consolePage = await get(consoleLoader, "/staff", {}, cookie);
    expect(consolePage.status).toBe(200);
    expect(consolePage.body).toMatchObject({ user: { name: "Sam Rivera", role: "staff" } });
    const [user] = await db().select().from(staffUsers).where(eq(staffUsers.email, email));
    expect(user!.role).toBe("staff");
    const [after] = await db().select().from(staffInvitations).where(eq(staffInvitations.id, invitation!.id));
    expect(after).toMatchObject({ acceptedUserId: user!.id });
    const userAudit = await db().select().from(auditEvents).where(eq(auditEvents.recordId, user!.id));
    expect(userAudit.map((row) => row.action).sort()).toEqual(["staff.invitation_accepted", "staff.signed_in"]);
    expect(JSON.stringify(userAudit)).not.toContain(NEW_PASSWORD);

    // Signing in works with the chosen password.
    const signedIn = await signIn(db(), app().staffAuth.throttle, { email, password: NEW_PASSWORD, clientIp: world.nextIp(), now: new Date() });
    expect(signedIn.ok).toBe(true);

    // The link is used: the page says so kindly (410), and a second submit makes nothing.
    const again = await get(acceptLoader, path, { token });
    expect(again.status).toBe(410);
    expect((again.body as { closed: string }).closed).toMatch(/already been used/);
    const replay = await post(acceptAction, path, { password: "another lantern orchard gravel", confirm: "another lantern orchard gravel" }, { token });
    expect(replay.status).toBe(410);
    expect(await accountsFor(email)).toBe(1);
    // An email already sent is not sent again.
    expect(
      await sendEmailMessage(db(), app().mailer, {
        emailMessageId: rows[0]!.id,
        now: new Date(),
        env: app().env,
        links: app().effects.links,
        invitations: app().staffAuth.invitations,
      }),
    ).toBe("skipped");
  });

  it("an invitation older than 48 hours is refused and creates nothing; its unsent email is not sent", async () => {
    const { user: owner } = await account("owner");
    // Three days ago, so the pages (which read the clock) see it run out too.
    const sentAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 72 * HOUR);
    const email = nextEmail("late");
    const invited = await invite(owner, email, sentAt);
    expect(invited.ok).toBe(true);
    const invitation = (invited as { value: { id: string } }).value;
    const token = tokenOf(invitation.id);

    const justInTime = new Date(sentAt.getTime() + 48 * HOUR - 1_000);
    expect((await findInvitationByToken(db(), { token, now: justInTime }))?.state).toBe("pending");
    const tooLate = new Date(sentAt.getTime() + 48 * HOUR);
    const before = await auditCount();
    const refused = await acceptStaffInvitation(db(), { token, password: NEW_PASSWORD, now: tooLate });
    expect(refused).toMatchObject({ ok: false, status: 410, formErrors: [expect.stringMatching(/run out: links work for 48 hours/)] });
    expect(await accountsFor(email)).toBe(0);
    expect(await auditCount()).toBe(before);
    const [row] = await db().select().from(staffInvitations).where(eq(staffInvitations.id, invitation.id));
    expect(row!.acceptedAt).toBeNull();

    // The page behind the link answers 410 with the kind words, for GET and POST.
    const page = await get(acceptLoader, `/staff/invitation/${token}`, { token });
    expect(page.status).toBe(410);
    expect((page.body as { closed: string }).closed).toMatch(/ask the studio's owner to send you a new one/i);
    const submit = await post(acceptAction, `/staff/invitation/${token}`, { password: NEW_PASSWORD, confirm: NEW_PASSWORD }, { token });
    expect(submit.status).toBe(410);
    expect(await accountsFor(email)).toBe(0);

    const [message] = await staffEmailRows(invitation.id);
    const send = () =>
      sendEmailMessage(db(), app().mailer, {
        emailMessageId: message!.id,
        now: tooLate,
        env: app().env,
        links: app().effects.links,
        invitations: app().staffAuth.invitations,
      });
    expect(await send()).toBe("cancelled");
  });

  it("unknown and malformed links show the kind page with 404, never an error", async () => {
    for (const token of ["nope", "x".repeat(43), "A".repeat(500), "%00"]) {
      const page = await get(acceptLoader, `/staff/invitation/${encodeURIComponent(token)}`, { token });
      expect(page.status).toBe(404);
      expect((page.body as { closed: string }).closed).toMatch(/don't recognise this invitation link/);
      const submit = await post(acceptAction, "/staff/invitation/x", { password: NEW_PASSWORD, confirm: NEW_PASSWORD }, { token });
      expect(submit.status).toBe(404);
    }
  });

  it("the same link submitted twice at once makes one account", async () => {
    if (needsRealPostgres("two acceptances must run on separate connections")) return;
    const { user: owner } = await account("owner");
    const email = nextEmail("twice");
    const invited = await invite(owner, email);
    const token = tokenOf((invited as { value: { id: string } }).value.id);
    const results = await Promise.all([
      acceptStaffInvitation(db(), { token, password: NEW_PASSWORD, now: new Date() }),
      acceptStaffInvitation(db(), { token, password: NEW_PASSWORD, now: new Date() }),
    ]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.find((result) => !result.ok)).toMatchObject({ status: 410 });
    expect(await accountsFor(email)).toBe(1);
    expect((await db().select().from(auditEvents).where(eq(auditEvents.action, "staff.invitation_accepted"))).filter((row) => JSON.stringify(row.changes).includes(email))).toHaveLength(1);
  });

  it("inviting again replaces the earlier link; an address with an account is refused (409); a withdrawn link opens nothing", async () => {
    const owner = await account("owner");
    const email = nextEmail("again");
    const first = (await invite(owner.user, email)) as { ok: true; value: { id: string } };
    const second = (await invite(owner.user, email.toUpperCase())) as { ok: true; value: { id: string } };
    expect(second.ok).toBe(true);
    expect(await acceptStaffInvitation(db(), { token: tokenOf(first.value.id), password: NEW_PASSWORD, now: new Date() })).toMatchObject({
      ok: false,
      status: 410,
      formErrors: [expect.stringMatching(/withdrawn, or replaced by a newer one/)],
    });
    const pending = await db()
      .select()
      .from(staffInvitations)
      .where(and(eq(staffInvitations.email, email), sql`${staffInvitations.revokedAt} is null`));
    expect(pending.map((row) => row.id)).toEqual([second.value.id]);

    // An email that gave up is shown on the waiting invitation (the dashboard lists bookings only).
    await db().update(emailMessages).set({ status: "failed" }).where(eq(emailMessages.staffInvitationId, second.value.id));
    const list = await get(accountsLoader, "/staff/accounts", {}, owner.cookie);
    expect((list.body as { invitations: { id: string; emailFailed: boolean }[] }).invitations).toContainEqual(
      expect.objectContaining({ id: second.value.id, emailFailed: true }),
    );

    // Withdrawn from the list: the link stops working, and its email is not sent.
    const withdrawn = await post(accountsAction, "/staff/accounts", { intent: "withdraw", invitationId: second.value.id }, {}, owner.cookie);
    expect(withdrawn).toMatchObject({ status: 303, location: "/staff/accounts?withdrawn" });
    expect((await findInvitationByToken(db(), { token: tokenOf(second.value.id), now: new Date() }))?.state).toBe("revoked");
    const [message] = await staffEmailRows(second.value.id);
    expect(
      await sendEmailMessage(db(), app().mailer, {
        emailMessageId: message!.id,
        now: new Date(),
        env: app().env,
        links: app().effects.links,
        invitations: app().staffAuth.invitations,
      }),
    ).toBe("cancelled");

    // Someone who already has an account.
    const existing = await account("staff");
    const before = await auditCount();
    const refused = await post(accountsAction, "/staff/accounts", { intent: "invite", email: existing.user.email, name: "Twin", role: "owner" }, {}, owner.cookie);
    expect(refused.status).toBe(409);
    expect(errorsOf(refused.body).email?.[0]).toMatch(/already a staff account for/);
    expect(await db().select().from(staffInvitations).where(eq(staffInvitations.email, existing.user.email))).toEqual([]);
    expect(await auditCount()).toBe(before);
  });

  it("bad input answers 400 beside the fields and changes nothing", async () => {
    const owner = await account("owner");
    const target = await account("staff");
    const before = { audit: await auditCount(), invitations: (await db().select({ n: count() }).from(staffInvitations))[0]!.n };
    const mail = async () => (await db().select({ n: count() }).from(emailMessages).where(isNotNull(emailMessages.staffInvitationId)))[0]!.n;
    const mailBefore = await mail();

    const bad = await post(accountsAction, "/staff/accounts", { intent: "invite", email: "not-an-email", name: "S", role: "boss" }, {}, owner.cookie);
    expect(bad.status).toBe(400);
    expect(errorsOf(bad.body)).toMatchObject({
      email: ["Please enter a valid email address, like name@example.com."],
      name: ["Please enter a name of at least 2 characters."],
      role: ["Please choose a role."],
    });
    const empty = await post(accountsAction, "/staff/accounts", { intent: "invite" }, {}, owner.cookie);
    expect(empty.status).toBe(400);
    expect(Object.keys(errorsOf(empty.body)).sort()).toEqual(["email", "name", "role"]);

    const path = `/staff/accounts/${target.user.id}`;
    const params = { staffUserId: target.user.id };
    expect((await post(accountAction, path, { intent: "role", role: "admin" }, params, owner.cookie)).status).toBe(400);
    expect((await post(accountAction, path, { intent: "delete" }, params, owner.cookie)).status).toBe(400);
    expect((await post(accountAction, "/staff/accounts/nope", { intent: "disable" }, { staffUserId: "nope" }, owner.cookie)).status).toBe(404);
    expect((await get(accountLoader, "/staff/accounts/nope", { staffUserId: "nope" }, owner.cookie)).status).toBe(404);

    expect(await auditCount()).toBe(before.audit);
    expect((await db().select({ n: count() }).from(staffInvitations))[0]!.n).toBe(before.invitations);
    expect(await mail()).toBe(mailBefore);
    const [unchanged] = await db().select().from(staffUsers).where(eq(staffUsers.id, target.user.id));
    expect(unchanged).toMatchObject({ role: "staff", disabled: false });
  });

  it("staff who aren't owners get 403 on every accounts page and action, and nothing changes", async () => {
    const owner = await account("owner");
    const staff = await account("staff");
    const other = await account("staff");
    const invited = (await invite(owner.user, nextEmail("pending"))) as { ok: true; value: { id: string } };
    const before = await auditCount();
    const path = `/staff/accounts/${other.user.id}`;
    const params = { staffUserId: other.user.id };
    const answers = [
      await get(accountsLoader, "/staff/accounts", {}, staff.cookie),
      await post(accountsAction, "/staff/accounts", { intent: "invite", email: nextEmail(), name: "Sneaky", role: "owner" }, {}, staff.cookie),
      await post(accountsAction, "/staff/accounts", { intent: "withdraw", invitationId: invited.value.id }, {}, staff.cookie),
      await get(accountLoader, path, params, staff.cookie),
      await post(accountAction, path, { intent: "role", role: "owner" }, params, staff.cookie),
      await post(accountAction, path, { intent: "disable" }, params, staff.cookie),
      await post(accountAction, path, { intent: "enable" }, params, staff.cookie),
      await post(accountAction, `/staff/accounts/${staff.user.id}`, { intent: "role", role: "owner" }, { staffUserId: staff.user.id }, staff.cookie),
    ];
    for (const answer of answers) expect(answer.status).toBe(403);
    expect(await auditCount()).toBe(before);
    const [me] = await db().select().from(staffUsers).where(eq(staffUsers.id, staff.user.id));
    expect(me!.role).toBe("staff");
    expect((await findInvitationByToken(db(), { token: tokenOf(invited.value.id), now: new Date() }))?.state).toBe("pending");
  });

  it("a role change applies at once and is audited; the last enabled owner can't be demoted or disabled (409, nothing changed, no audit row)", async () => {
    const owner = await account("owner", "Olive Owner");
    const colleague = await account("staff", "Casey Colleague");
    // Promoted: their next request may open the owners' pages.
    const promoted = await post(accountAction, `/staff/accounts/${colleague.user.id}`, { intent: "role", role: "owner" }, { staffUserId: colleague.user.id }, owner.cookie);
    expect(promoted).toMatchObject({ status: 303, location: `/staff/accounts/${colleague.user.id}?role` });
    expect((await get(accountsLoader, "/staff/accounts", {}, colleague.cookie)).status).toBe(200);
    const [audit] = await db().select().from(auditEvents).where(and(eq(auditEvents.recordId, colleague.user.id), eq(auditEvents.action, "staff.role_changed")));
    expect(audit).toMatchObject({ staffUserId: owner.user.id, changes: { before: { role: "staff" }, after: { role: "owner" } } });

    // Demoting oneself is fine while another owner remains (and leaves the owners' pages).
    const stepDown = await post(accountAction, `/staff/accounts/${colleague.user.id}`, { intent: "role", role: "staff" }, { staffUserId: colleague.user.id }, colleague.cookie);
    expect(stepDown).toMatchObject({ status: 303, location: "/staff" });

    await onlyOwners(owner.user);
    const before = await auditCount();
    const path = `/staff/accounts/${owner.user.id}`;
    const params = { staffUserId: owner.user.id };
    const demote = await post(accountAction, path, { intent: "role", role: "staff" }, params, owner.cookie);
    expect(demote.status).toBe(409);
    expect(errorsOf(demote.body).role?.[0]).toBe(
      "Olive Owner is the studio's last owner, so their role can't change. Make someone else an owner first: someone must always be able to manage accounts.",
    );
    const disable = await post(accountAction, path, { intent: "disable" }, params, owner.cookie);
    expect(disable.status).toBe(409);
    // The rule itself, whoever asks: the domain refuses to disable the last owner.
    const direct = await setStaffAccountDisabled(db(), { actor: actor(owner.user), userId: owner.user.id, disabled: true, now: new Date() });
    expect(direct).toMatchObject({ ok: false, status: 409 });
    expect(await auditCount()).toBe(before);
    expect(await enabledOwners()).toEqual([owner.user.id]);
    const [still] = await db().select().from(staffUsers).where(eq(staffUsers.id, owner.user.id));
    expect(still).toMatchObject({ role: "owner", disabled: false });
  });

  it("two owners demoting (or disabling) each other at the same moment leave one owner, never none", async () => {
    if (needsRealPostgres("the two changes must run at once on separate connections")) return;
    for (const change of ["demote", "disable"] as const) {
      for (let round = 0; round < 5; round++) {
        const a = await account("owner", "Ada Owner");
        const b = await account("owner", "Bo Owner");
        await onlyOwners(a.user, b.user);
        const apply = (by: StaffUser, target: StaffUser) =>
          change === "demote"
            ? changeStaffRole(db(), { actor: actor(by), userId: target.id, role: "staff", now: new Date() })
            : setStaffAccountDisabled(db(), { actor: actor(by), userId: target.id, disabled: true, now: new Date() });
        const results = await Promise.all([apply(a.user, b.user), apply(b.user, a.user)]);
        expect(results.filter((result) => result.ok), `${change}, round ${round}`).toHaveLength(1);
        expect(results.find((result) => !result.ok)).toMatchObject({ status: 403 });
        const owners = await enabledOwners();
        expect(owners).toHaveLength(1);
        expect([a.user.id, b.user.id]).toContain(owners[0]);
      }
    }
  });

  it("disabling an account ends its sessions at once (its cookie no longer opens /staff) and stops sign-in; re-enabling lets it sign in again", async () => {
    const owner = await account("owner");
    const target = await account("staff");
    const second = await startStaffSession(db(), { staffUserId: target.user.id, now: new Date() });
    expect((await get(consoleLoader, "/staff", {}, target.cookie)).status).toBe(200);

    const path = `/staff/accounts/${target.user.id}`;
    const params = { staffUserId: target.user.id };
    const disabled = await post(accountAction, path, { intent: "disable" }, params, owner.cookie);
    expect(disabled).toMatchObject({ status: 303, location: `${path}?disabled` });
    const page = await get(consoleLoader, "/staff", {}, target.cookie);
    expect(page.status).toBe(302);
    expect(page.location).toMatch(/^\/staff\/sign-in/);
    const live = await db()
      .select()
      .from(staffSessions)
      .where(and(eq(staffSessions.staffUserId, target.user.id), sql`${staffSessions.revokedAt} is null`));
    expect(live).toEqual([]);
    expect(second).toBeTruthy();
    const [audit] = await db().select().from(auditEvents).where(and(eq(auditEvents.recordId, target.user.id), eq(auditEvents.action, "staff.account_disabled")));
    expect(audit!.changes).toEqual({ before: { disabled: false }, after: { disabled: true, sessionsEnded: 2 } });
    const attempt = () => signIn(db(), app().staffAuth.throttle, { email: target.user.email, password: PASSWORD, clientIp: world.nextIp(), now: new Date() });
    expect(await attempt()).toMatchObject({ ok: false, status: 401 });
    // A second click on "disable" changes nothing more.
    const count1 = await auditCount();
    expect((await post(accountAction, path, { intent: "disable" }, params, owner.cookie)).status).toBe(303);
    expect(await auditCount()).toBe(count1);

    const enabled = await post(accountAction, path, { intent: "enable" }, params, owner.cookie);
    expect(enabled).toMatchObject({ status: 303, location: `${path}?enabled` });
    expect((await attempt()).ok).toBe(true);
    // The old cookie stays ended.
    expect((await get(consoleLoader, "/staff", {}, target.cookie)).status).toBe(302);
  });

  it("the outbox row names exactly one subject: a booking or a staff invitation, matching its kind", async () => {
    const { user: owner } = await account("owner");
    const invited = (await invite(owner, nextEmail("outbox"))) as { ok: true; value: { id: string } };
    const row = (over: Partial<typeof emailMessages.$inferInsert>) =>
      db()
        .insert(emailMessages)
        .values({ kind: "staff_invitation", toAddress: "x@example.com", messageId: `<m.${++counter}@test>`, ...over })
        .then(
          () => null,
          (error: unknown) => constraintOf(error),
        );
    expect(await row({})).toBe("email_messages_subject_check");
    expect(await row({ staffInvitationId: invited.value.id, kind: "reminder" })).toBe("email_messages_subject_check");
    // Queued once per invitation and kind.
    expect(await row({ staffInvitationId: invited.value.id })).toBe("email_messages_staff_invitation_kind_key");
  });
});
