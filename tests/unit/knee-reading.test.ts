import { describe, it, expect } from "vitest";
import { PAIN_LOCATIONS } from "../../db/intake";
import { PAIN_LOCATION_CHOICES } from "../../emails/content/intake";
import { kneeReading, sectionIdForLocation, sectionsForLocation } from "../../emails/content/knee-reading";
import { terms } from "../../app/content/terms";

const PAGE_ORDER = [
  "overview",
  "front",
  "outer",
  "tendon",
  "form",
  "rest",
  "reset",
  "prevention",
  "clinician",
];

const sectionIds = kneeReading.sections.map((section) => section.id);

describe("knee reading content", () => {
  it("has unique section ids, all nine, in page order", () => {
    expect(new Set(sectionIds).size).toBe(sectionIds.length);
    expect(sectionIds).toEqual(PAGE_ORDER);
  });

  it("splits the cause sections into where, why and what helps", () => {
    for (const id of ["front", "outer", "tendon"]) {
      const section = kneeReading.sections.find((s) => s.id === id);
      const text = JSON.stringify(section?.blocks);
      expect(text).toContain("Where you feel it");
      expect(text).toContain("Why it happens");
      expect(text).toContain("What helps");
    }
  });

  it("gives the post-run reset as steps", () => {
    const reset = kneeReading.sections.find((s) => s.id === "reset");
    expect(reset?.blocks.some((block) => block.type === "steps")).toBe(true);
  });

  it("tells readers it is not a diagnosis and when to see a clinician", () => {
    expect(kneeReading.disclaimer).toMatch(/swelling/i);
    expect(kneeReading.disclaimer).toMatch(/clinician/i);
    expect(kneeReading.disclaimer).toMatch(/not a diagnosis/i);
  });

  it("keeps the meta description short and the checklist to 4-6 items", () => {
    expect(kneeReading.description.length).toBeLessThanOrEqual(155);
    expect(kneeReading.checklist.length).toBeGreaterThanOrEqual(4);
    expect(kneeReading.checklist.length).toBeLessThanOrEqual(6);
  });
});

describe("pain location", () => {
  it.each(PAIN_LOCATIONS)("maps %s to an existing section", (location) => {
    expect(sectionIds).toContain(sectionIdForLocation(location));
    expect(PAIN_LOCATION_CHOICES[location].label).not.toBe("");
    expect(PAIN_LOCATION_CHOICES[location].hint).not.toBe("");
  });

  it.each(PAIN_LOCATIONS)(
    "puts the matching section first for %s and every section exactly once",
    (location) => {
      const ordered = sectionsForLocation(location).map((section) => section.id);
      expect(ordered[0]).toBe(sectionIdForLocation(location));
      expect(ordered).toHaveLength(sectionIds.length);
      expect([...ordered].sort()).toEqual([...sectionIds].sort());
      // the rest keep their page order
      expect(ordered.slice(1)).toEqual(sectionIds.filter((id) => id !== ordered[0]));
    },
  );

  it("starts with the overview when the runner is unsure", () => {
    expect(sectionsForLocation("unsure")[0]?.id).toBe("overview");
  });
});

describe("booking terms", () => {
  it("has the required sections, each id once", () => {
    const ids = terms.sections.map((section) => section.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ["booking", "cancellations", "health", "privacy", "retention", "rights", "contact"]) {
      expect(ids).toContain(id);
    }
    expect(terms.updated).toBe("2026-11-26");
  });
});
