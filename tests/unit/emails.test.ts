import ical, { type VEvent } from "node-ical";
import { describe, expect, it } from "vitest";
import { buildBookingIcs, calendarLinks } from "../../emails/calendar";
import { PAIN_LOCATIONS, type PainLocation } from "../../db/intake";
import { kneeReading, sectionsForLocation } from "../../emails/content/knee-reading";
import { demoOfferings } from "../../db/demo-data";
import { PAIN_DURATION_LABELS, PAIN_LOCATION_CHOICES } from "../../emails/content/intake";
import { renderBookingConfirmed } from "../../emails/booking-confirmed";
import { renderBookingMoved } from "../../emails/booking-moved";
import { renderDateCancelled } from "../../emails/date-cancelled";
import { renderFullRefund, renderPartialRefund } from "../../emails/booking-refunded";
import { escapeHtml } from "../../emails/kit/escape";
import { renderFinishPayment } from "../../emails/finish-payment";
import { renderLatePaymentRefunded } from "../../emails/late-payment-refunded";
import { renderStaffPaymentProblem } from "../../emails/staff-payment-problem";
import { renderStaffRefundProblem } from "../../emails/staff-refund-problem";
import { renderReminder } from "../../emails/reminder";
import { renderStaffNewBooking } from "../../emails/staff-new-booking";
import type { EmailContext, RenderedEmail } from "../../emails/types";
import { KNEE_DIAGRAM_ALT } from "../../emails/content/knee-diagram";
import { renderKneePngs } from "../../emails/images/knee-pngs";

const BASE_URL = "https://painfreeme.example";
const ROSTER_URL = `${BASE_URL}/staff/roster/5f0c8a2e-1b7d-4a51-9e3c-2f6b0d9a7c12#booking-PFM-7K3Q`;
/** An offering's own list, as staff write it in the console. */
const WHAT_TO_BRING = [
  "Comfortable clothes you can move freely in.",
  "A bottle of water.",
  "The running shoes you usually run in.",
  "Please arrive 10 minutes early.",
];

function makeContext(overrides: {
  startsAt?: Date;
  endsAt?: Date;
  painLocation?: PainLocation;
  customerName?: string;
  customerPhone?: string | null;
  calendarSequence?: number;
  kind?: "workshop" | "private";
} = {}): EmailContext {
  const startsAt = overrides.startsAt ?? new Date("2026-12-01T18:30:00Z");
  return {
    studio: {
      name: "Pain Free Me Studio",
      address: "12 Riverside Yard, London E1 6AB",
      email: "hello@painfreeme.example",
      phone: "020 7946 0321",
      timeZone: "Europe/London",
      baseUrl: BASE_URL,
    },
    booking: {
      id: "5f0c8a2e-1b7d-4a51-9e3c-2f6b0d9a7c11",
      reference: "PFM-7K3Q",
      url: `${BASE_URL}/bookings/0c3b7e1f9a8d4c2b`,
      seats: 2,
      amountTotalMinor: 5600,
      amountPaidMinor: 5600,
      amountRefundedMinor: 0,
      currency: "GBP",
      customerName: overrides.customerName ?? "Ann Runner",
      customerEmail: "ann@example.com",
      customerPhone: overrides.customerPhone === undefined ? "07700 900123" : overrides.customerPhone,
      paymentMethod: "card",
      painLocation: overrides.painLocation ?? "front",
      calendarSequence: overrides.calendarSequence ?? 0,
    },
    offering: {
      title: "Knee reset workshop",
      kind: overrides.kind ?? "workshop",
      durationMinutes: 90,
      location: "Pain Free Me Studio, 12 Riverside Yard, London E1 6AB",
      whatToBring: WHAT_TO_BRING,
    },
    slot: {
      startsAt,
      endsAt: overrides.endsAt ?? new Date(startsAt.getTime() + 90 * 60_000),
      instructor: "Sam Okafor",
    },
  };
}

const NOW = new Date("2026-11-20T10:00:00Z");

function parseSingleEvent(ics: string) {
  const parsed = ical.sync.parseICS(ics);
  const events = Object.values(parsed).filter((item): item is VEvent => item?.type === "VEVENT");
  expect(events).toHaveLength(1);
  return { calendar: parsed.vcalendar, event: events[0]! };
}

function allRenders(ctx: EmailContext): RenderedEmail[] {
  return [
    renderBookingConfirmed(ctx, { includeReminderChecklist: true, now: NOW }),
    renderReminder(ctx),
    renderFullRefund(ctx, { refundedMinor: 5600, now: NOW }),
    renderPartialRefund(ctx, { refundedMinor: 2800 }),
    renderLatePaymentRefunded(ctx, { refundedMinor: 5600, problem: "places_gone" }),
    renderLatePaymentRefunded(ctx, { refundedMinor: 5600, problem: "paid_after_start" }),
    renderStaffNewBooking(ctx, { rosterUrl: ROSTER_URL }),
    renderFinishPayment(ctx, { holdUntil: HOLD_UNTIL }),
    renderStaffPaymentProblem(ctx, STAFF_PROBLEM),
    renderStaffRefundProblem(ctx, { refund: FAILED_REFUND }),
  ];
}

const HOLD_UNTIL = new Date("2026-11-20T10:31:00Z");
const STAFF_PROBLEM = {
  problem: "payment_mismatch" as const,
  paid: { amountMinor: 1, currency: "GBP", paymentIntentId: "pi_123" },
  refund: { id: "3c0c8a2e-1b7d-4a51-9e3c-2f6b0d9a7c11", amountMinor: 1, status: "pending" },
};
const FAILED_REFUND = {
  id: "4d0c8a2e-1b7d-4a51-9e3c-2f6b0d9a7c11",
  amountMinor: 5600,
  currency: "GBP",
  status: "failed" as const,
  attempts: 11,
  lastError: "charge_already_refunded",
  providerRefundId: null,
  createdAt: NOW,
};

function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]!);
}

describe("booking calendar file", () => {
  it("sends a REQUEST with a stable UID, the SEQUENCE and the slot's exact UTC instants", () => {
    const ctx = makeContext({ calendarSequence: 3 });
    const ics = buildBookingIcs(ctx, "REQUEST", { now: NOW });
    expect(ics).toContain("DTSTART:20261201T183000Z");
    expect(ics).toContain("DTEND:20261201T200000Z");

    const { calendar, event } = parseSingleEvent(ics);
    expect(calendar?.method).toBe("REQUEST");
    expect(calendar?.prodid).toContain("Pain Free Me Studio");
    expect(event.uid).toBe(`booking-${ctx.booking.id}@painfreeme.example`);
    expect(Number(event.sequence)).toBe(3);
    expect(event.start.getTime()).toBe(ctx.slot.startsAt.getTime());
    expect(event.end?.getTime()).toBe(ctx.slot.endsAt.getTime());
    expect(event.status).toBe("CONFIRMED");
    expect(event.summary).toBe("Knee reset workshop");
    expect(event.location).toBe(ctx.offering.location);
    expect(String(event.description)).toContain(ctx.booking.url);
    expect(ics).toMatch(/ORGANIZER;CN="Pain Free Me Studio":mailto:hello@painfreeme\.example/i);
    expect(ics.replace(/\r\n /g, "")).toMatch(/ATTENDEE;[^\r\n]*RSVP=FALSE[^\r\n]*:mailto:ann@example\.com/i);
  });

  it("cancels the same event: same UID, METHOD:CANCEL, the caller's higher SEQUENCE, STATUS:CANCELLED", () => {
    const confirmed = renderBookingConfirmed(makeContext({ calendarSequence: 0 }), {
      includeReminderChecklist: false,
      now: NOW,
    });
    const refunded = renderFullRefund(makeContext({ calendarSequence: 1 }), { refundedMinor: 5600, now: NOW });

    const request = confirmed.attachments.find((a) => a.filename === "booking.ics");
    const cancel = refunded.attachments.find((a) => a.filename === "cancellation.ics");
    expect(request?.contentType).toBe("text/calendar; charset=utf-8; method=REQUEST");
    expect(cancel?.contentType).toBe("text/calendar; charset=utf-8; method=CANCEL");

    const original = parseSingleEvent(request!.content);
    const cancellation = parseSingleEvent(cancel!.content);
    expect(cancellation.calendar?.method).toBe("CANCEL");
    expect(cancellation.event.uid).toBe(original.event.uid);
    expect(Number(cancellation.event.sequence)).toBe(1);
    expect(Number(original.event.sequence)).toBe(0);
    expect(cancellation.event.status).toBe("CANCELLED");
    expect(cancellation.event.start.getTime()).toBe(original.event.start.getTime());
  });

  it("keeps a customer name with quotes and line breaks inside one valid ATTENDEE line", () => {
    const ics = buildBookingIcs(makeContext({ customerName: 'Ann "Speedy"\nRunner' }), "REQUEST", { now: NOW });
    const { event } = parseSingleEvent(ics);
    expect(event.uid).toMatch(/^booking-/);
    expect(ics.replace(/\r\n /g, "")).toContain(`CN="Ann 'Speedy' Runner"`);
  });

  it("builds Google and Outlook links with the UTC instants", () => {
    const links = calendarLinks(makeContext());
    expect(links.google).toMatch(/^https:\/\/calendar\.google\.com\/calendar\/render\?action=TEMPLATE&text=Knee%20reset%20workshop&/);
    expect(links.google).toContain("&dates=20261201T183000Z/20261201T200000Z&");
    expect(links.google).toContain(`details=`);
    expect(decodeURIComponent(links.google)).toContain(makeContext().booking.url);
    expect(links.outlook).toMatch(/^https:\/\/outlook\.live\.com\/calendar\/0\/deeplink\/compose\?subject=/);
    const outlook = new URL(links.outlook);
    expect(outlook.searchParams.get("startdt")).toBe("2026-12-01T18:30:00Z");
    expect(outlook.searchParams.get("enddt")).toBe("2026-12-01T20:00:00Z");
    expect(outlook.searchParams.get("path")).toBe("/calendar/action/compose");
    expect(outlook.searchParams.get("rru")).toBe("addevent");
  });
});

describe("booking confirmation email", () => {
  it("shows the time in the studio's zone, naming it, on both sides of a DST change", () => {
    // Both are 18:00 in London: BST (UTC+1) in late March, GMT in November.
    const march = makeContext({ startsAt: new Date("2027-03-30T17:00:00Z") });
    const november = makeContext({ startsAt: new Date("2027-11-02T18:00:00Z") });

    const summer = renderBookingConfirmed(march, { includeReminderChecklist: false, now: NOW });
    const winter = renderBookingConfirmed(november, { includeReminderChecklist: false, now: NOW });

    expect(summer.subject).toBe("You're booked: Knee reset workshop, Tue 30 Mar, 18:00");
    expect(winter.subject).toBe("You're booked: Knee reset workshop, Tue 2 Nov, 18:00");
    for (const body of [summer.html, summer.text]) {
      expect(body).toContain("Tuesday 30 March 2027, 18:00–19:30 BST (UK time)");
    }
    for (const body of [winter.html, winter.text]) {
      expect(body).toContain("Tuesday 2 November 2027, 18:00–19:30 GMT (UK time)");
    }
    expect(renderReminder(march).text).toContain("18:00–19:30 BST (UK time)");
    expect(renderReminder(november).html).toContain("18:00–19:30 GMT (UK time)");
  });

  it("has the essentials in both HTML and plain text", () => {
    const email = renderBookingConfirmed(makeContext(), { includeReminderChecklist: false, now: NOW });
    for (const body of [email.html, email.text]) {
      expect(body).toContain("Knee reset workshop");
      expect(body).toContain("Tuesday 1 December 2026, 18:30–20:00 GMT (UK time)");
      expect(body).toContain("12 Riverside Yard");
      expect(body).toContain("£56");
      expect(body).toContain("PFM-7K3Q");
      expect(body).toContain("10 minutes early");
      expect(body).toMatch(/running shoes/);
      expect(body).toMatch(/water/);
      expect(body).toContain("https://calendar.google.com/calendar/render?action=TEMPLATE");
      expect(body).toContain("https://outlook.live.com/calendar/0/deeplink/compose?");
      expect(body).toContain(`${BASE_URL}/knee-pain-after-running#front`);
      expect(body).toContain("not a diagnosis");
    }
    expect(email.text).toMatch(/^Places: +2$/m);
    expect(email.html).toMatch(/>Places<\/td><td[^>]*>2<\/td>/);
    expect(email.text).toContain(makeContext().booking.url);
    expect(email.html).toContain(`href="${makeContext().booking.url}"`);
    expect(email.attachments.map((a) => a.filename)).toEqual(["booking.ics"]);
  });

  it.each(["front", "outer", "tendon"] as const)(
    "puts the %s section first and in full, then the others in brief",
    (location) => {
      const email = renderBookingConfirmed(makeContext({ painLocation: location }), {
        includeReminderChecklist: false,
        now: NOW,
      });
      const own = kneeReading.sections.find((section) => section.id === location)!;
      const others = kneeReading.sections.filter((section) => section.id !== location);
      for (const body of [email.text, email.html.replace(/&#39;/g, "'")]) {
        const ownAt = body.indexOf(own.title);
        expect(ownAt).toBeGreaterThan(-1);
        for (const other of others) {
          const otherAt = body.indexOf(other.title);
          expect(otherAt, other.title).toBeGreaterThan(ownAt);
          expect(body).toContain(other.teaser);
        }
      }
      // In full: every paragraph of the matching section is there, not just its summary.
      const firstParagraph = own.blocks.find((block) => block.type === "p");
      expect(firstParagraph?.type === "p" && email.text.includes(firstParagraph.text)).toBe(true);
      // The others only in brief: a paragraph from another section's body is not.
      const otherParagraph = others.find((s) => s.id === "rest")!.blocks[0];
      expect(otherParagraph?.type === "p" && email.text.includes(otherParagraph.text)).toBe(false);
    },
  );

  it("starts with the overview when the customer is not sure where it hurts", () => {
    const email = renderBookingConfirmed(makeContext({ painLocation: "unsure" }), {
      includeReminderChecklist: false,
      now: NOW,
    });
    const titles = kneeReading.sections.map((section) => section.title);
    const positions = titles.map((t) => email.text.indexOf(t));
    expect(Math.min(...positions)).toBe(email.text.indexOf("Your knee is the messenger"));
    expect(email.text).toContain(`${BASE_URL}/knee-pain-after-running#overview`);
  });

  it("adds the short checklist only when the booking was made less than a day ahead", () => {
    const soon = renderBookingConfirmed(makeContext(), { includeReminderChecklist: true, now: NOW });
    const later = renderBookingConfirmed(makeContext(), { includeReminderChecklist: false, now: NOW });
    const item = kneeReading.checklist[0]!;
    expect(soon.text).toContain(item);
    expect(soon.html).toContain(escapeHtml(item));
    expect(later.text).not.toContain(item);
  });
});

describe("the confirmation's knee diagram", () => {
  const imgTags = (html: string) => [...html.matchAll(/<img\b[^>]*>/gi)].map((match) => match[0]);
  const attr = (tag: string, name: string) => tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];
  // The generator `npm run build` runs, run here: the email must point at a picture it makes.
  const pngs = renderKneePngs();

  it.each(PAIN_LOCATIONS)("shows the %s area as a PNG the build makes, at its size, with alt text", (location) => {
    const email = renderBookingConfirmed(makeContext({ painLocation: location }), { includeReminderChecklist: false, now: NOW });
    const images = imgTags(email.html);
    expect(images).toHaveLength(1);
    const image = images[0]!;
    expect(attr(image, "alt")).toBe(KNEE_DIAGRAM_ALT[location]);
    expect(attr(image, "alt")).toMatch(/^Knee diagram: .{20,}/);
    const src = attr(image, "src")!;
    expect(src).toBe(`${BASE_URL}/email/knee-${location}.png`);
    const made = pngs.find((png) => `${BASE_URL}/email/${png.file}` === src);
    expect(made, `the build makes ${src}`).toBeDefined();
    expect([attr(image, "width"), attr(image, "height")]).toEqual([String(made!.width / 2), String(made!.height / 2)]);
    expect(email.text).not.toMatch(/\.png/);
  });

  it("says in words which part it highlights, e.g. the front of the knee", () => {
    expect(KNEE_DIAGRAM_ALT.front).toBe("Knee diagram: the front of the knee, around the kneecap, highlighted");
  });

  it("is left out once the knee answer has been erased", () => {
    const ctx = makeContext();
    ctx.booking.painLocation = null;
    const email = renderBookingConfirmed(ctx, { includeReminderChecklist: false, now: NOW });
    expect(imgTags(email.html)).toEqual([]);
  });
});

describe("every email", () => {
  it("escapes a customer name that contains markup", () => {
    const ctx = makeContext({ customerName: `<script>alert("x")</script> Ann` });
    for (const email of allRenders(ctx)) {
      expect(email.html).not.toContain("<script>");
      expect(email.html).not.toContain("</script>");
    }
    const staff = renderStaffNewBooking(ctx, { rosterUrl: ROSTER_URL });
    expect(staff.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Ann");
    expect(staff.text).toContain(`<script>alert("x")</script> Ann`);
  });

  it("keeps the subject on one line whatever the name", () => {
    const ctx = makeContext({ customerName: "Ann\r\nBcc: someone@example.com" });
    for (const email of allRenders(ctx)) expect(email.subject).not.toMatch(/[\r\n]/);
  });

  it("loads no remote images but the knee diagram from the studio's own site, and links only to absolute addresses", () => {
    for (const email of allRenders(makeContext())) {
      const sources = [...email.html.matchAll(/src="([^"]*)"/gi)].map((match) => match[1]!);
      for (const src of sources) expect(src, email.subject).toMatch(new RegExp(`^${BASE_URL}/email/knee-[a-z]+\\.png$`));
      expect(email.html).not.toMatch(/url\(\s*['"]?http/i);
      const links = hrefs(email.html);
      expect(links.length).toBeGreaterThan(0);
      for (const href of links) expect(href, email.subject).toMatch(/^(https:\/\/|mailto:|tel:\+?\d+$)/);
    }
  });

  it("is branded, single-column at most 600px and dark-mode aware", () => {
    for (const email of allRenders(makeContext())) {
      expect(email.html).toContain("Pain Free Me Studio");
      expect(email.html).toContain('<meta name="color-scheme" content="light dark">');
      expect(email.html).toContain('<meta name="supported-color-schemes" content="light dark">');
      expect(email.html).toContain("@media (prefers-color-scheme: dark)");
      expect(email.html).toContain("max-width:600px");
      expect(email.html).toContain("#fbf6ef");
      expect(email.text.length).toBeGreaterThan(200);
      expect(email.text).not.toMatch(/<[a-z][^>]*>/i);
    }
  });
});

describe("reminder email", () => {
  it("says see you tomorrow, with when, where, the checklist and the booking link", () => {
    const email = renderReminder(makeContext());
    expect(email.subject).toBe("See you tomorrow: Knee reset workshop at 18:30");
    for (const body of [email.html, email.text]) {
      expect(body).toContain("Tuesday 1 December 2026, 18:30–20:00 GMT (UK time)");
      expect(body).toContain("12 Riverside Yard");
      expect(body).toContain(makeContext().booking.url);
    }
    for (const item of kneeReading.checklist) expect(email.text).toContain(item);
  });
});

describe("what to bring", () => {
  it("is the offering's list, shown by the confirmation and the reminder alike", () => {
    const ctx = makeContext();
    ctx.offering.whatToBring = ["A yoga mat.", "Shorts & a T-shirt."];
    const confirmed = renderBookingConfirmed(ctx, { includeReminderChecklist: false, now: NOW });
    const reminder = renderReminder(ctx);
    for (const email of [confirmed, reminder]) {
      expect(email.text).toContain("  - A yoga mat.\n  - Shorts & a T-shirt.");
      expect(email.html).toContain(">Shorts &amp; a T-shirt.</li>");
      expect(email.text).not.toContain(WHAT_TO_BRING[0]);
    }
  });
});

describe("refund emails", () => {
  it("apologises for a late payment, says the whole amount is on its way back and points to other dates", () => {
    const email = renderLatePaymentRefunded(makeContext(), { refundedMinor: 5600, problem: "places_gone" });
    expect(email.subject).toContain("£56");
    for (const body of [email.html, email.text]) {
      expect(body).toContain("£56");
      expect(body).toMatch(/sorry/i);
      expect(body).toMatch(/last place/);
      expect(body).toMatch(/refund of the full £56 is on its way/);
    }
    expect(email.html).toContain(`href="${BASE_URL}/"`);
    expect(email.text).toContain(`${BASE_URL}/`);
    // No invitation was ever sent for a booking that never was, so there is nothing to cancel.
    expect(email.attachments).toEqual([]);
  });

  it("states a partial refund against what was paid, without cancelling the calendar entry", () => {
    const ctx = makeContext();
    ctx.booking.amountRefundedMinor = 2800;
    const email = renderPartialRefund(ctx, { refundedMinor: 2800 });
    expect(email.text).toContain("We've refunded £28 of the £56 you paid.");
    expect(email.attachments).toEqual([]);
  });

  it("attaches the cancellation when everything was refunded", () => {
    const email = renderFullRefund(makeContext({ calendarSequence: 2 }), { refundedMinor: 5600, now: NOW });
    expect(email.text).toContain("We've refunded the full £56.");
    expect(email.attachments.map((a) => a.filename)).toEqual(["cancellation.ics"]);
    expect(parseSingleEvent(email.attachments[0]!.content).calendar?.method).toBe("CANCEL");
  });
});

describe("staff new-booking email", () => {
  it("shows who, what, when, seats and paid, links to the roster, and carries no health answers", () => {
    const email = renderStaffNewBooking(makeContext(), { rosterUrl: ROSTER_URL });
    expect(email.subject).toContain("Ann Runner");
    for (const body of [email.html, email.text]) {
      expect(body).toContain("Ann Runner");
      expect(body).toContain("ann@example.com");
      expect(body).toContain("Knee reset workshop");
      expect(body).toContain("18:30–20:00 GMT (UK time)");
      expect(body).toContain("2 places");
      expect(body).toContain("£56");
      expect(body).toContain(ROSTER_URL);
      for (const label of [...Object.values(PAIN_DURATION_LABELS), ...PAIN_LOCATIONS.map((location) => PAIN_LOCATION_CHOICES[location].label)]) {
        expect(body).not.toContain(label);
      }
    }
  });
});

describe("payment and refund emails to the customer and the studio", () => {
  it("sends the link to finish paying to the address only, with the hold's end in the studio's zone", () => {
    const email = renderFinishPayment(makeContext(), { holdUntil: HOLD_UNTIL });
    expect(email.subject).toContain("held until 10:31");
    for (const body of [email.html, email.text]) {
      expect(body).toContain("10:31 GMT (UK time)");
      expect(body).toContain(`${BASE_URL}/bookings/0c3b7e1f9a8d4c2b`);
      expect(body).toMatch(/If this wasn(&#39;|')t you/);
    }
  });

  it("says sorry in words that fit why a payment couldn't confirm, and that the refund is on its way", () => {
    const started = renderLatePaymentRefunded(makeContext(), { refundedMinor: 5600, problem: "paid_after_start" });
    expect(started.subject).toBe("Sorry, Knee reset workshop had already started: your £56 is being refunded");
    expect(started.text).toContain("after the session had already started");
    expect(started.text).toContain("Your refund of the full £56 is on its way.");
  });

  it("tells the studio which booking a refused payment was for, what was paid and what is being refunded", () => {
    const email = renderStaffPaymentProblem(makeContext(), STAFF_PROBLEM);
    expect(email.subject).toContain("PFM-7K3Q");
    expect(email.text).toMatch(/Booking total:\s+£56/);
    expect(email.text).toMatch(/Paid:\s+£0\.01/);
    expect(email.text).toMatch(/Refund:\s+£0\.01, pending/);
  });

  it("tells the studio about a failed refund with the provider's error and what to do", () => {
    const email = renderStaffRefundProblem(makeContext(), { refund: FAILED_REFUND });
    expect(email.subject).toBe("Refund failed: £56 for PFM-7K3Q, Knee reset workshop, Tue 1 Dec, 18:30");
    expect(email.text).toContain("charge_already_refunded");
    expect(email.text).toMatch(/refund it by hand in Stripe/);
  });
});

describe("the studio moves or cancels a date", () => {
  const previous = { startsAt: new Date("2026-12-01T18:30:00Z"), endsAt: new Date("2026-12-01T20:00:00Z") };

  it("a moved date gives the new time, names the old one, and updates the same calendar event", () => {
    const original = parseSingleEvent(buildBookingIcs(makeContext(), "REQUEST", { now: NOW }));
    const ctx = makeContext({ startsAt: new Date("2026-12-03T19:00:00Z"), calendarSequence: 1 });
    const email = renderBookingMoved(ctx, { previous, moved: "date", now: NOW });
    expect(email.subject).toBe("New time: Knee reset workshop is now Thu 3 Dec, 19:00");
    for (const body of [email.html, email.text]) {
      expect(body).toContain("Thursday 3 December 2026, 19:00–20:30 GMT (UK time)");
      expect(body).toContain("it was Tue 1 Dec, 18:30–20:00 GMT");
    }
    const [attachment] = email.attachments;
    expect(attachment!.contentType).toContain("method=REQUEST");
    const moved = parseSingleEvent(attachment!.content);
    expect(moved.event.uid).toBe(original.event.uid);
    expect(Number(moved.event.sequence)).toBe(1);
    expect(new Date(moved.event.start).toISOString()).toBe("2026-12-03T19:00:00.000Z");
  });

  it("a cancelled date apologises, refunds in full, carries the studio's note and cancels the calendar event", () => {
    const ctx = makeContext({ calendarSequence: 1 });
    const email = renderDateCancelled(ctx, { refundedMinor: 5600, message: "Our coach is ill <sorry>.", now: NOW });
    expect(email.subject).toBe("Cancelled by the studio: Knee reset workshop, Tue 1 Dec, 18:30. Full refund");
    expect(email.text).toContain("We're refunding the full £56.");
    expect(email.text).toContain("Our coach is ill <sorry>.");
    expect(email.html).toContain("Our coach is ill &lt;sorry&gt;.");
    const cancellation = parseSingleEvent(email.attachments[0]!.content);
    expect(cancellation.calendar?.method).toBe("CANCEL");
    expect(Number(cancellation.event.sequence)).toBe(1);
    expect(renderDateCancelled(ctx, { refundedMinor: 5600, message: null, now: NOW }).text).not.toContain("From the studio");
  });
});

describe("emails read naturally and fit a phone", () => {
  /** Every email a customer may get about a booking. */
  function customerRenders(ctx: EmailContext): RenderedEmail[] {
    const previous = { startsAt: new Date("2026-11-30T18:30:00Z"), endsAt: new Date("2026-11-30T20:00:00Z") };
    return [
      renderBookingConfirmed(ctx, { includeReminderChecklist: true, now: NOW }),
      renderReminder(ctx),
      renderBookingMoved(ctx, { previous, moved: "date", now: NOW }),
      renderBookingMoved(ctx, { previous, moved: "booking", now: NOW }),
      renderDateCancelled(ctx, { refundedMinor: 5600, message: null, now: NOW }),
      renderFullRefund(ctx, { refundedMinor: 5600, now: NOW }),
      renderPartialRefund(ctx, { refundedMinor: 2800 }),
      renderLatePaymentRefunded(ctx, { refundedMinor: 5600, problem: "places_gone" }),
      renderFinishPayment(ctx, { holdUntil: HOLD_UNTIL }),
    ];
  }

  it.each(demoOfferings.map((offering) => offering.title))("never puts a word such as \"your\" or \"a\" before the title %s", (title) => {
    const ctx = makeContext();
    ctx.offering.title = title;
    const escapedTitle = title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const before = new RegExp(`\\b(your|a|an|the|our|my|this)\\s+${escapedTitle}`, "i");
    for (const email of [...customerRenders(ctx), renderStaffNewBooking(ctx, { rosterUrl: ROSTER_URL })]) {
      for (const body of [email.subject, email.text, email.html.replace(/&amp;/g, "&")]) {
        expect(body).toContain(title);
        expect(body, email.subject).not.toMatch(before);
      }
    }
    expect(renderReminder(ctx).text).toContain(`Just a friendly nudge: ${title} is tomorrow at 18:30.`);
  });

  it("shows no address as a link's words and offers the calendars as buttons, so nothing is wider than a phone", () => {
    for (const email of [...customerRenders(makeContext()), ...allRenders(makeContext())]) {
      expect(email.html, email.subject).not.toMatch(/<a\b[^>]*>\s*https?:\/\//);
    }
    const confirmed = renderBookingConfirmed(makeContext(), { includeReminderChecklist: false, now: NOW });
    const buttons = [...confirmed.html.matchAll(/<a href="([^"]*)" class="pfm-outline"[^>]*>([^<]*)<\/a>/g)].map((match) => [match[2], match[1]]);
    expect(buttons.map(([label]) => label)).toEqual(["Google Calendar", "Outlook"]);
    const links = calendarLinks(makeContext());
    expect(buttons.map(([, href]) => href)).toEqual([escapeHtml(links.google), escapeHtml(links.outlook)]);
    // Every link and paragraph may wrap a long word rather than widen the email.
    expect(confirmed.html).toMatch(/class="pfm-link" style="[^"]*overflow-wrap:anywhere/);
    // Plain text keeps the addresses, one a line.
    expect(confirmed.text).toContain(`  Google Calendar: ${links.google}`);
    expect(confirmed.text).toContain("Apple Calendar or another app? Open the attached booking.ics.");
  });

  it("tells the customer how to reach the studio about a change: email, phone and their reference", () => {
    const confirmed = renderBookingConfirmed(makeContext(), { includeReminderChecklist: false, now: NOW });
    expect(confirmed.html).toContain(">Need to change something?</h2>");
    expect(confirmed.text).toContain("write to hello@painfreeme.example or call 020\u00a07946\u00a00321, and give your reference PFM-7K3Q.");
    expect(confirmed.html).toContain('href="tel:02079460321"');
    expect(renderReminder(makeContext()).html).toContain('href="tel:02079460321"');
    const noPhone = makeContext();
    noPhone.studio.phone = null;
    const withoutPhone = renderBookingConfirmed(noPhone, { includeReminderChecklist: false, now: NOW });
    expect(withoutPhone.text).toContain("write to hello@painfreeme.example, and give your reference");
    expect(withoutPhone.html).not.toContain("tel:");
  });

  it("takes what to bring from the offering alone: none listed, none invented", () => {
    const ctx = makeContext();
    ctx.offering.whatToBring = [];
    for (const email of [renderBookingConfirmed(ctx, { includeReminderChecklist: true, now: NOW }), renderReminder(ctx)]) {
      expect(email.text).not.toMatch(/what to bring|bring with you/i);
      expect(email.text).not.toMatch(/comfortable clothes|running shoes you usually/i);
    }
    const ics = buildBookingIcs(makeContext(), "REQUEST", { now: NOW });
    expect(String(parseSingleEvent(ics).event.description)).toContain("The running shoes you usually run in.");
  });

  it.each(["front", "outer", "tendon", "unsure"] as const)(
    "keeps the reading's %s section in full and gives every other section a one-line teaser linking to it in the guide",
    (location) => {
      const email = renderBookingConfirmed(makeContext({ painLocation: location }), { includeReminderChecklist: false, now: NOW });
      const [own, ...others] = sectionsForLocation(location);
      for (const block of own!.blocks) {
        if (block.type === "p") expect(email.text).toContain(block.text);
        if (block.type === "list") for (const item of block.items) expect(email.text).toContain(item);
      }
      const html = email.html.replace(/&#39;/g, "'");
      for (const section of others) {
        const url = `${BASE_URL}/knee-pain-after-running#${section.id}`;
        expect(html).toContain(`<a href="${url}" class="pfm-link"`);
        expect(html).toContain(`>${section.title}</a><br>${section.teaser}</li>`);
        expect(email.text).toContain(`  - ${section.title}: ${section.teaser}\n    ${url}`);
        // A teaser, not the section: its paragraphs stay in the guide.
        for (const block of section.blocks) {
          if (block.type === "p" && block.text.length > 40) expect(email.text).not.toContain(block.text);
        }
      }
      expect(others.every((section) => section.teaser.length <= 110)).toBe(true);
    },
  );
});

describe("the studio's new-booking email", () => {
  it("shows the customer's phone as a number to call, or says none was given", () => {
    const email = renderStaffNewBooking(makeContext(), { rosterUrl: ROSTER_URL });
    expect(email.text).toMatch(/^Phone: +07700\u00a0900123$/m);
    expect(email.html).toContain('<a href="tel:07700900123"');
    const none = renderStaffNewBooking(makeContext({ customerPhone: null }), { rosterUrl: ROSTER_URL });
    expect(none.text).toMatch(/^Phone: +none given$/m);
  });

  it.each([
    ["Arabic", "ليلى حداد"],
    ["Hebrew", "נועה כהן"],
  ])("isolates an %s name, so the subject and the text keep their order", (_script, name) => {
    const email = renderStaffNewBooking(makeContext({ customerName: name }), { rosterUrl: ROSTER_URL });
    expect(email.subject).toBe(`New booking: \u2068${name}\u2069, 2 places, Knee reset workshop, Tue 1 Dec, 18:30`);
    expect(email.html).toContain(`<strong style="font-weight:700;"><bdi>${name}</bdi></strong> booked 2 places`);
    expect(email.html).toMatch(new RegExp(`>Customer</td><td[^>]*><bdi>${name}</bdi></td>`));
    expect(email.text).toContain(`\u2068${name}\u2069 booked 2 places for Knee reset workshop`);
    // No name is ever left bare: every occurrence sits inside its isolates.
    expect(email.text.split(name).length - 1).toBe(email.text.split(`\u2068${name}\u2069`).length - 1);
    // The customer's own emails greet them the same way.
    const first = name.split(" ")[0]!;
    const confirmed = renderBookingConfirmed(makeContext({ customerName: name }), { includeReminderChecklist: false, now: NOW });
    expect(confirmed.html).toContain(`Hi <bdi>${first}</bdi>, your places are confirmed.`);
    expect(confirmed.text).toContain(`Hi \u2068${first}\u2069, your places are confirmed.`);
    expect(renderReminder(makeContext({ customerName: name })).subject).not.toContain(name);
  });
});

describe("the booking page's calendar file", () => {
  it("publishes the invite's event without an attendee, so no calendar asks for a reply", () => {
    const ctx = makeContext({ calendarSequence: 2 });
    const published = buildBookingIcs(ctx, "PUBLISH", { now: NOW });
    const invite = parseSingleEvent(buildBookingIcs(ctx, "REQUEST", { now: NOW }));
    const { calendar, event } = parseSingleEvent(published);
    expect(calendar?.method).toBe("PUBLISH");
    expect(event.uid).toBe(invite.event.uid);
    expect(Number(event.sequence)).toBe(2);
    expect(event.status).toBe("CONFIRMED");
    expect(published).not.toContain("ATTENDEE");
  });
});
