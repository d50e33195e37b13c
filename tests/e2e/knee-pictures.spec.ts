/**
 * Pictures that teach, in a real browser on the shared server: the knee diagram beside "Where
 * does it hurt?" (mouse, keyboard, no JavaScript), the diagram beside each cause and the drawn
 * reset routine in the guide, and the email's PNGs on the site. Axe-clean at 390 and 1280 px,
 * with screenshots of each in test-results/knee-pictures/ to look at.
 *
 * Nothing here books: the no-JavaScript test posts an incomplete form and reads it back.
 */
import { expect, test, type Locator, type Page } from "@playwright/test";
import { expectAccessibleAtBothWidths } from "./console-helpers";

const SHOTS = "test-results/knee-pictures";
const WORKSHOP_PATH = "/workshops/hip-and-ankle-mobility-for-runners";
const AREAS = ["front", "outer", "tendon", "unsure"] as const;
type Area = (typeof AREAS)[number];
const RADIO_NAME: Record<Area, RegExp> = {
  front: /Front of the knee/,
  outer: /Outside of the knee/,
  tendon: /Just under or just over the kneecap/,
  unsure: /Not sure, or somewhere else/,
};

async function openBookingForm(page: Page) {
  await page.goto(WORKSHOP_PATH);
  const href = await page.getByTestId("slot").last().getByRole("link", { name: /Book a seat/ }).getAttribute("href");
  expect(href, "the workshop has a date to book").toMatch(/^\/book\//);
  await page.goto(href!);
  await expect(page.getByRole("heading", { level: 1, name: "Book your place" })).toBeVisible();
}

/** The areas drawn lit: a glow shows (opacity 1) only around the chosen one. */
async function litAreas(diagram: Locator): Promise<Area[]> {
  const lit: Area[] = [];
  for (const area of AREAS) {
    const opacity = await diagram.locator(`.knee-glow--${area}`).first().evaluate((node) => getComputedStyle(node).opacity);
    if (opacity === "1") lit.push(area);
  }
  return lit;
}

async function expectLit(diagram: Locator, area: Area) {
  await expect.poll(() => litAreas(diagram)).toEqual([area]);
}

test.describe("the knee diagram in the booking form", () => {
  test("a click on an area checks its radio and lights it; the diagram is no stop of its own", async ({ page }) => {
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") problems.push(message.text());
    });
    await openBookingForm(page);
    const diagram = page.locator(".knee-art--chooser");
    await expect(diagram).toHaveAttribute("aria-hidden", "true");
    await expect(diagram).toHaveAttribute("data-ready", ""); // hydrated: a tap can act
    expect(await litAreas(diagram)).toEqual([]);

    for (const area of ["outer", "tendon", "front", "unsure"] as const) {
      // "Not sure" is the rest of the leg: click low on the shin, away from the named areas.
      await diagram
        .locator(`.knee-hit[data-area="${area}"]`)
        .first()
        .click(area === "unsure" ? { position: { x: 30, y: 190 } } : undefined);
      await expect(page.getByRole("radio", { name: RADIO_NAME[area] })).toBeChecked();
      await expectLit(diagram, area);
    }
    // The named part turns the highlight colour too, not only its glow.
    await diagram.locator('.knee-hit[data-area="tendon"]').last().click();
    await expect(diagram.locator(".knee-part--tendon").first()).toHaveCSS("fill", "rgb(238, 154, 99)");
    await expect(diagram.locator(".knee-part--front")).not.toHaveCSS("fill", "rgb(238, 154, 99)");

    // Nothing inside the diagram can take focus.
    expect(await diagram.locator("[tabindex], a, button, input").count()).toBe(0);
    await expectAccessibleAtBothWidths(page, "booking form with the knee diagram", SHOTS);
    expect(problems, "no hydration warning or error").toEqual([]);
  });

  test("arrow keys on the radios move the highlight with them, and Tab goes on to the next question", async ({ page }) => {
    await openBookingForm(page);
    const diagram = page.locator(".knee-art--chooser");
    const front = page.getByRole("radio", { name: RADIO_NAME.front });
    await front.focus();
    await page.keyboard.press("Space");
    await expect(front).toBeChecked();
    await expectLit(diagram, "front");

    for (const area of ["outer", "tendon", "unsure"] as const) {
      await page.keyboard.press("ArrowDown");
      await expect(page.getByRole("radio", { name: RADIO_NAME[area] })).toBeFocused();
      await expect(page.getByRole("radio", { name: RADIO_NAME[area] })).toBeChecked();
      await expectLit(diagram, area);
    }
    await page.keyboard.press("ArrowUp");
    await expectLit(diagram, "tendon");

    await page.keyboard.press("Tab");
    await expect(page.getByLabel(/How long has it bothered you/)).toBeFocused();
    await page.keyboard.press("Shift+Tab");
    await expect(page.getByRole("radio", { name: RADIO_NAME.tendon })).toBeFocused();
  });

  test("without JavaScript the checked radio lights the diagram and is the value the form sends", async ({ browser, baseURL }) => {
    const context = await browser.newContext({ baseURL, javaScriptEnabled: false, timezoneId: "Pacific/Auckland", locale: "en-GB" });
    // A TEST-NET-3 address of its own, so this post counts against no other spec's rate limit.
    await context.setExtraHTTPHeaders({ "X-Forwarded-For": "203.0.113.77" });
    try {
      const page = await context.newPage();
      await openBookingForm(page);
      const diagram = page.locator(".knee-art--chooser");
      await expect(diagram).not.toHaveAttribute("data-ready", "");
      await expect(diagram).toContainText("Your right knee, from above.");

      await page.getByRole("radio", { name: RADIO_NAME.tendon }).check();
      await expectLit(diagram, "tendon");
      // A click on the drawing does nothing without JavaScript; the radio stays the control.
      await diagram.locator('.knee-hit[data-area="front"]').click();
      await expect(page.getByRole("radio", { name: RADIO_NAME.tendon })).toBeChecked();

      const posted = page.waitForRequest((request) => request.method() === "POST");
      await page.getByRole("button", { name: /Continue to payment/ }).click();
      expect(new URLSearchParams((await posted).postData() ?? "").get("painLocation")).toBe("tendon");

      // The form comes back with its errors (no name or email yet) and the answer kept, still lit.
      await expect(page.locator(".error-summary")).toContainText("There's a problem");
      await expect(page.getByRole("radio", { name: RADIO_NAME.tendon })).toBeChecked();
      await expectLit(diagram, "tendon");
      // (Axe needs scripts in the page: the same markup is checked with JavaScript above.)
      for (const width of [390, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        await page.locator(".choice-group").screenshot({ path: `${SHOTS}/booking-form-without-JavaScript-${width}.png` });
      }
    } finally {
      await context.close();
    }
  });
});

test.describe("the knee pain guide's pictures", () => {
  test("each cause has its area drawn with a text alternative, and every reset movement a captioned drawing", async ({ page }) => {
    await page.goto("/knee-pain-after-running");
    const expected = {
      front: "Knee diagram: the front of the knee, around the kneecap, highlighted",
      outer: "Knee diagram: the outside of the knee, where the IT band runs, highlighted",
      tendon: "Knee diagram: the tendons just below and just above the kneecap highlighted",
    };
    for (const [id, alt] of Object.entries(expected)) {
      const section = page.locator(`section:has(> h2#${id})`);
      await expect(section.getByRole("figure").getByRole("img", { name: alt, exact: true })).toBeVisible();
      await expect(section.locator(`.knee-glow--${id}`).first()).toHaveAttribute("opacity", "1");
    }
    // The other sections carry no diagram.
    await expect(page.locator(".knee-figure")).toHaveCount(3);

    const reset = page.locator("section:has(> h2#reset)");
    const steps = reset.locator(".steps--pictured > li");
    await expect(steps).toHaveCount(4);
    for (const step of await steps.all()) {
      await expect(step.locator("figure figcaption strong")).toHaveText(/\.$/);
      await expect(step.getByRole("img", { name: /^Drawing: .{30,}/ })).toBeVisible();
      // Drawn in the text colour, so they follow a dark theme and print black.
      await expect(step.locator("svg path").first()).toHaveAttribute("stroke", "currentColor");
    }
    await page.locator("#reset").scrollIntoViewIfNeeded();
    await expectAccessibleAtBothWidths(page, "knee pain guide", SHOTS);
  });

  test("prints the drawings black on white", async ({ page }) => {
    await page.goto("/knee-pain-after-running");
    await page.emulateMedia({ media: "print" });
    const art = page.locator(".routine-art").first();
    await expect(art).toHaveCSS("color", "rgb(0, 0, 0)");
    await expect(art).toHaveCSS("background-color", "rgb(255, 255, 255)");
  });
});

test("the email's knee pictures are on the site: cacheable PNGs that decode at twice the size the email shows", async ({ page, request }) => {
  for (const area of AREAS) {
    const response = await request.get(`/email/knee-${area}.png`);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("image/png");
    expect(response.headers()["cache-control"]).toBe("public, max-age=604800");
  }
  await page.goto("/knee-pain-after-running");
  const sizes = await page.evaluate(async (areas) => {
    return Promise.all(
      areas.map(async (area) => {
        const image = new Image();
        image.src = `/email/knee-${area}.png`;
        await image.decode();
        return [image.naturalWidth, image.naturalHeight];
      }),
    );
  }, [...AREAS]);
  expect(sizes).toEqual(AREAS.map(() => [240, 300]));
});
