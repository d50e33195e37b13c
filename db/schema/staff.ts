import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { inList, timestamps } from "./shared";

export const STAFF_ROLES = ["owner", "staff"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** People who run the studio and sign in to /staff. The email is unique without regard to case. */
export const staffUsers = pgTable(
  "staff_users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role").$type<StaffRole>().notNull(),
    /** argon2id (PHC string). */
    passwordHash: text("password_hash").notNull(),
    disabled: boolean("disabled").notNull().default(false),
    /** The demo owner demo mode creates; production refuses to start while one is enabled. */
    isDemo: boolean("is_demo").notNull().default(false),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("staff_users_email_key").on(sql`lower(${t.email})`),
    check("staff_users_role_check", sql`${t.role} in (${inList(STAFF_ROLES)})`),
    check("staff_users_email_check", sql`${t.email} like '%_@_%'`),
  ],
);
export type StaffUser = typeof staffUsers.$inferSelect;

/**
 * Signed-in staff. The cookie carries a random id; only its SHA-256 is stored, so a copy of the
 * database can't be used to sign in. A session ends when idle 12 hours, 7 days after it began,
 * when its user signs out, or when the user is disabled or their password is reset.
 */
export const staffSessions = pgTable(
  "staff_sessions",
  {
    idHash: text("id_hash").primaryKey(),
    staffUserId: uuid("staff_user_id")
      .notNull()
      .references(() => staffUsers.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("staff_sessions_user_idx").on(t.staffUserId)],
);
export type StaffSession = typeof staffSessions.$inferSelect;

/** Sign-in throttling counters (rate-limiter-flexible's Drizzle store): every app process counts together. */
export const loginThrottle = pgTable("login_throttle", {
  key: text("key").primaryKey(),
  points: integer("points").notNull(),
  expire: timestamp("expire", { withTimezone: true }),
});

/**
 * Every staff change, written in the same transaction as the change: who, what, which record, a
 * short before/after (never health data) and when. Refused actions write nothing.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    staffUserId: uuid("staff_user_id").references(() => staffUsers.id, { onDelete: "set null" }),
    /** The name at the time, so the record reads well after the account is gone. */
    staffName: text("staff_name").notNull(),
    action: text("action").notNull(),
    recordType: text("record_type").notNull(),
    recordId: text("record_id"),
    changes: jsonb("changes").$type<AuditChanges>().notNull().default(sql`'{}'::jsonb`),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("audit_events_occurred_at_idx").on(t.occurredAt),
    index("audit_events_staff_user_idx").on(t.staffUserId, t.occurredAt),
    index("audit_events_action_idx").on(t.action, t.occurredAt),
  ],
);
export type AuditChanges = { before?: Record<string, unknown>; after?: Record<string, unknown> };
export type AuditEvent = typeof auditEvents.$inferSelect;

/** How long an invitation's link works. */
export const STAFF_INVITATION_HOURS = 48;

/**
 * An owner's invitation to a colleague: the link in its email sets a password and creates the
 * account with the invited role. The link's token is never stored: it is a MAC of the invitation's
 * id under the session secret (so the outbox can rebuild it when it sends), and only its SHA-256
 * is kept here to find the invitation by. An invitation is pending until it is accepted, revoked
 * (withdrawn, or replaced by a newer one to the same address) or past `expires_at`; at most one
 * is pending (not accepted, not revoked) per address.
 */
export const staffInvitations = pgTable(
  "staff_invitations",
  {
    id: uuid("id").primaryKey(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role").$type<StaffRole>().notNull(),
    tokenHash: text("token_hash").notNull(),
    invitedBy: uuid("invited_by").references(() => staffUsers.id, { onDelete: "set null" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    /** The account accepting it created. */
    acceptedUserId: uuid("accepted_user_id").references(() => staffUsers.id, { onDelete: "set null" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("staff_invitations_token_hash_key").on(t.tokenHash),
    uniqueIndex("staff_invitations_pending_email_key")
      .on(sql`lower(${t.email})`)
      .where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
    check("staff_invitations_role_check", sql`${t.role} in (${inList(STAFF_ROLES)})`),
    check("staff_invitations_email_check", sql`${t.email} like '%_@_%'`),
    check("staff_invitations_expiry_check", sql`${t.expiresAt} > ${t.createdAt}`),
    check("staff_invitations_settled_once_check", sql`${t.acceptedAt} is null or ${t.revokedAt} is null`),
    check("staff_invitations_accepted_user_check", sql`${t.acceptedUserId} is null or ${t.acceptedAt} is not null`),
  ],
);
export type StaffInvitation = typeof staffInvitations.$inferSelect;
