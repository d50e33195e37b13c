import { afterAll, describe, expect, it } from "vitest";
import { listWorkshopsWithNextDates } from "../../app/catalog/catalog.server";
import { listFreeTimesByStudioDay, nearestFreeTimes } from "../../app/catalog/free-times.server";
import { studioDayOf } from "../../app/catalog/studio-days";
import { setAppContext } from "../../app/context.server";
import { loader as bookLoader } from "../../app/routes/book.$slotId";
import { loader as sessionLoader } from "../../app/routes/sessions.$slug";
import { loader as homeLoader } from "../../app/routes/_index";
import { startTestApp, routeArgs } from "../helpers/app";
import { useTestDatabase } from "../helpers/db";
import { createBooking, createInstructor, createOffering, createSlot } from "../helpers/fixtures";

const NOW = new Date("2026-11-24T12:00:00Z");
const LONDON = "Europe/London";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe("finding a time", () => {
  const testDatabase = useTestDatabase();
  afterAll(() => setAppContext(undefined));

  it("lists a session type's free times by the studio's day, across the clock change, without booked, held, cancelled or closed times", async () => {
    const { db } = testDatabase();
    const coach = await createInstructor(db, "Tom Finder");
    const gait = await createOffering(db, { kind: "private", slug: "free-times-gait" });
    const other = await createOffering(db, { kind: "private", slug: "free-times-other" });
    await createSlot(db, gait, "2026-11-24T13:00:00Z"); // inside the closing window (startsAfter below)
    const saturdayLate = await createSlot(db, gait, "2027-10-30T22:30:00Z", { instructorId: coach.id }); // 23:30 BST Sat
    const sundayEarly = await createSlot(db, gait, "2027-10-30T23:30:00Z"); // 00:30 BST Sun, the night the clocks go back
    const sundayLate = await createSlot(db, gait, "2027-10-31T23:30:00Z"); // 23:30 GMT Sun
    await createBooking(db, await createSlot(db, gait, "2027-10-31T10:00:00Z")); // booked
    await createBooking(db, await createSlot(db, gait, "2027-10-31T12:00:00Z"), { status: "pending_payment" }); // being paid for
    await createSlot(db, gait, "2027-10-31T14:00:00Z", { status: "cancelled" });
    await createSlot(db, other, "2027-10-31T16:00:00Z");

    const days = await listFreeTimesByStudioDay(db, { offeringId: gait.id, startsAfter: new Date(NOW.getTime() + 2 * HOUR), timeZone: LONDON });
    expect(days.map((day) => [day.day, day.times.map((time) => time.id)])).toEqual([
      ["2027-10-30", [saturdayLate.id]],
      ["2027-10-31", [sundayEarly.id, sundayLate.id]],
    ]);
    expect(days[0]!.times[0]).toEqual({
      id: saturdayLate.id,
      startsAt: "2027-10-30T22:30:00.000Z",
      endsAt: "2027-10-30T23:30:00.000Z",
      instructor: "Tom Finder",
    });
    // Grouped by London's calendar, not the machine's (these tests run in New York).
    expect(studioDayOf(days[1]!.times[0]!.startsAt, "America/New_York")).toBe("2027-10-30");
  });

  it("offers the free times nearest a taken one, before or after it, soonest first", async () => {
    const { db } = testDatabase();
    const session = await createOffering(db, { kind: "private", slug: "nearest-times" });
    const other = await createOffering(db, { kind: "private", slug: "nearest-other" });
    const base = new Date("2026-12-10T10:00:00Z").getTime();
    const at = (days: number, hours = 0) => new Date(base + days * DAY + hours * HOUR);
    const taken = await createSlot(db, session, at(0));
    await createBooking(db, taken);
    const before2 = await createSlot(db, session, at(-2));
    const sameDayLater = await createSlot(db, session, at(0, 3));
    const after1 = await createSlot(db, session, at(1));
    await createBooking(db, await createSlot(db, session, at(0, 1))); // also taken
    await createSlot(db, session, at(0, 2), { status: "cancelled" });
    await createSlot(db, other, at(0, 4)); // another session type
    const after5 = await createSlot(db, session, at(5));
    await createSlot(db, session, at(9));
    await createSlot(db, session, at(-14)); // before startsAfter

    const nearest = await nearestFreeTimes(db, { slotId: taken.id, startsAfter: at(-10), limit: 4 });
    expect(nearest.map((time) => time.id)).toEqual([before2.id, sameDayLater.id, after1.id, after5.id]);
    expect(await nearestFreeTimes(db, { slotId: "5b0d0f0e-0000-4000-8000-000000000000", startsAfter: at(-10) })).toEqual([]);
  });

  it("lists each active workshop once with its next dates (full ones too), soonest workshop first", async () => {
    const { db } = testDatabase();
    const reset = await createOffering(db, { slug: "cards-reset", title: "Reset", defaultCapacity: 4 });
    const strength = await createOffering(db, { slug: "cards-strength", title: "Strength" });
    const someday = await createOffering(db, { slug: "cards-someday", title: "Someday" });
    const retired = await createOffering(db, { slug: "cards-retired", title: "Retired", active: false });
    const session = await createOffering(db, { kind: "private", slug: "cards-session" });
    await createSlot(db, retired, "2026-11-25T18:00:00Z");
    await createSlot(db, session, "2026-11-25T18:00:00Z");
    await createSlot(db, reset, "2026-11-20T09:30:00Z"); // past
    await createSlot(db, reset, "2026-11-26T09:30:00Z", { status: "cancelled" });
    const first = await createSlot(db, reset, "2026-11-28T09:30:00Z");
    const full = await createSlot(db, reset, "2026-12-05T09:30:00Z");
    await createBooking(db, full, { seats: 4 });
    const third = await createSlot(db, reset, "2026-12-12T09:30:00Z");
    await createSlot(db, reset, "2026-12-19T09:30:00Z"); // a fourth: beyond datesEach
    const strengthDate = await createSlot(db, strength, "2026-11-26T19:00:00Z");

    const cards = (await listWorkshopsWithNextDates(db, { startsAfter: NOW, datesEach: 3 })).filter((card) =>
      [reset.id, strength.id, someday.id, retired.id, session.id].includes(card.offering.id),
    );
    expect(cards.map((card) => [card.offering.title, card.dates.map((date) => [date.id, date.seatsLeft])])).toEqual([
      ["Strength", [[strengthDate.id, 10]]],
      [
        "Reset",
        [
          [first.id, 4],
          [full.id, 0],
          [third.id, 4],
        ],
      ],
      ["Someday", []],
    ]);
  });

  it("the pages' loaders: the session page's days and the day asked for, home's one card per workshop, and a taken time's nearest", async () => {
    const database = testDatabase();
    const app = await startTestApp(database);
    const { db } = database;
    const now = Date.now();
    const session = await createOffering(db, { kind: "private", slug: "loader-session", title: "Loader session" });
    const soon = (days: number, hours = 0) => new Date(now + days * DAY + hours * HOUR);
    const taken = await createSlot(db, session, soon(3));
    await createBooking(db, taken, { status: "pending_payment" });
    const sameDay = await createSlot(db, session, soon(3, 2));
    const later = await createSlot(db, session, soon(6));
    const workshop = await createOffering(db, { slug: "loader-workshop", title: "Loader workshop", defaultCapacity: 2 });
    const fullDate = await createSlot(db, workshop, soon(4));
    await createBooking(db, fullDate, { seats: 2 });
    const openDate = await createSlot(db, workshop, soon(11));

    const day = studioDayOf(later.startsAt, app.env.studio.timeZone);
    const page = await sessionLoader(routeArgs(new Request(`http://localhost/sessions/loader-session?day=${day}`), { slug: "loader-session" }));
    expect(page.requestedDay).toBe(day);
    expect(page.today).toBe(studioDayOf(new Date(), app.env.studio.timeZone));
    expect(page.days.flatMap((entry) => entry.times.map((time) => time.id))).toEqual([sameDay.id, later.id]);
    expect("slots" in page).toBe(false);

    const home = await homeLoader(routeArgs(new Request("http://localhost/")));
    const titles = home.workshops.map((card) => card.title);
    expect(new Set(titles).size).toBe(titles.length);
    expect(home.workshops.find((card) => card.title === "Loader workshop")?.dates.map((date) => [date.slotId, date.seatsLeft])).toEqual([
      [fullDate.id, 0],
      [openDate.id, 2],
    ]);

    const takenPage = await bookLoader(routeArgs(new Request(`http://localhost/book/${taken.id}`), { slotId: taken.id }));
    expect(takenPage.slot.seatsLeft).toBe(0);
    expect(takenPage.nearestTimes.map((time) => time.id)).toEqual([sameDay.id, later.id]);
    expect(takenPage.others).toEqual([]);

    const fullPage = await bookLoader(routeArgs(new Request(`http://localhost/book/${fullDate.id}`), { slotId: fullDate.id }));
    expect(fullPage.others.map((other) => other.id)).toEqual([openDate.id]);
    expect(fullPage.nearestTimes).toEqual([]);

    const openPage = await bookLoader(routeArgs(new Request(`http://localhost/book/${openDate.id}`), { slotId: openDate.id }));
    expect([openPage.others, openPage.nearestTimes]).toEqual([[], []]);
    await app.stop();
  });
});
