import { readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../../db/schema";
import { routeArgs } from "../helpers/app";
import { outcomeOf } from "../helpers/booking";
import { staffCookies } from "../helpers/staff";
import { useBookingApp } from "../helpers/booking-app";

/**
 * Who may reach each console route. Every route module under app/routes/staff* must be listed:
 * a new one fails this test until someone decides who may use it.
 */
const ACCESS: Record<string, "public" | "staff" | "owner"> = {
  "staff.tsx": "staff",
  "staff._index.tsx": "staff",
  "staff.$.tsx": "staff",
  "staff.activity.tsx": "owner",
  "staff.bookings._index.tsx": "staff",
  "staff.bookings.$bookingId.tsx": "staff",
  "staff.accounts._index.tsx": "owner",
  "staff.accounts.$staffUserId.tsx": "owner",
  "staff.schedule._index.tsx": "staff",
  "staff.schedule.new.tsx": "staff",
  "staff.schedule.series.new.tsx": "staff",
  "staff.schedule.$slotId.tsx": "staff",
  "staff.offerings._index.tsx": "staff",
  "staff.offerings.new.tsx": "owner",
  "staff.offerings.$offeringId.tsx": "staff",
  "staff.offerings.$offeringId_.photo.tsx": "staff",
  "staff.instructors._index.tsx": "staff",
  "staff.instructors.$instructorId.tsx": "staff",
  "staff.instructors.$instructorId_.photo.tsx": "staff",
  "staff.roster.$slotId.tsx": "staff",
  "staff.roster.$slotId.export.ts": "staff",
  "staff.roster.$slotId_.new.tsx": "staff",
  "staff.sign-out.tsx": "staff",
  "staff_.sign-in.tsx": "public",
  "staff_.invitation.$token.tsx": "public",
};

const ROUTES_DIR = path.resolve("app/routes");
const consoleRoutes = readdirSync(ROUTES_DIR).filter((file) => file.startsWith("staff"));

type RouteModule = { loader?: (args: never) => Promise<unknown>; action?: (args: never) => Promise<unknown> };

/** Calls a route function as Remix would, turning a thrown Response into the answer. */
async function answer(fn: (args: never) => Promise<unknown>, request: Request) {
  try {
    return await outcomeOf(await fn(routeArgs(request, { "*": "somewhere" })));
  } catch (thrown) {
    if (thrown instanceof Response) return outcomeOf(thrown);
    throw thrown;
  }
}

describe("the console's route sweep", () => {
  const { db, app } = useBookingApp();
  const cookies = { staff: "", owner: "" };

  beforeAll(async () => {
    Object.assign(cookies, await staffCookies(db(), app(), "sweep"));
  });

  it("knows who may use every console route", () => {
    expect(consoleRoutes.length).toBeGreaterThan(0);
    for (const file of consoleRoutes) expect(ACCESS, `classify ${file} in ACCESS`).toHaveProperty([file]);
  });

  const request = (file: string, method: "GET" | "POST", cookie?: string) =>
    new Request(`http://localhost/staff/${file.replace(/\.tsx?$/, "").replace(/^staff[._]*/, "")}`, {
      method,
      headers: { ...(cookie ? { Cookie: cookie } : {}), ...(method === "POST" ? { "Content-Type": "application/x-www-form-urlencoded" } : {}) },
      ...(method === "POST" ? { body: "intent=anything" } : {}),
    });

  it.each(consoleRoutes.filter((file) => ACCESS[file] !== "public"))(
    "%s refuses anonymous visitors (pages go to sign-in, actions answer 401) and changes nothing",
    async (file) => {
      const mod = (await import(path.join(ROUTES_DIR, file))) as RouteModule;
      expect(mod.loader ?? mod.action, `${file} has neither loader nor action`).toBeDefined();
      const before = (await db().select().from(auditEvents)).length;
      if (mod.loader) {
        const page = await answer(mod.loader, request(file, "GET"));
        expect(page.status).toBe(302);
        expect(page.location).toMatch(/^\/staff\/sign-in\?next=%2Fstaff/);
      }
      if (mod.action) expect((await answer(mod.action, request(file, "POST"))).status).toBe(401);
      expect((await db().select().from(auditEvents)).length).toBe(before);
    },
  );

  it.each(consoleRoutes.filter((file) => ACCESS[file] === "owner"))(
    "%s refuses staff who aren't the owner with 403, and lets the owner in",
    async (file) => {
      const mod = (await import(path.join(ROUTES_DIR, file))) as RouteModule;
      const before = (await db().select().from(auditEvents)).length;
      if (mod.loader) {
        expect((await answer(mod.loader, request(file, "GET", cookies.staff))).status).toBe(403);
        // A page of one record gets no record's id here: past the guard, it answers 404.
        expect((await answer(mod.loader, request(file, "GET", cookies.owner))).status).toBe(file.includes("$") ? 404 : 200);
      }
      if (mod.action) expect((await answer(mod.action, request(file, "POST", cookies.staff))).status).toBe(403);
      expect((await db().select().from(auditEvents)).length).toBe(before);
    },
  );

  it.each(consoleRoutes.filter((file) => ACCESS[file] === "staff"))("%s lets signed-in staff in", async (file) => {
    const mod = (await import(path.join(ROUTES_DIR, file))) as RouteModule;
    if (!mod.loader) return;
    const page = await answer(mod.loader, request(file, "GET", cookies.staff));
    expect([200, 302, 404]).toContain(page.status);
    expect(page.location ?? "").not.toMatch(/sign-in/);
  });
});
