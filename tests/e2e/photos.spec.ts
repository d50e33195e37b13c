/**
 * Photos as people meet them: the public pages with their pictures (axe-clean, no sideways
 * scrolling, screenshots at 390 and 1280 px in test-results/photos/), a photo uploaded in the
 * console in Chromium, and an upload through one app process served by another on the same
 * PostgreSQL database, with the server's own limits on the upload route.
 */
import { mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import sharp from "sharp";
import { expectAccessible, freePort, signInAsOwner, DEMO_OWNER } from "./console-helpers";
import { freshDatabase } from "./fresh-database";
import { DST_FIXTURE } from "./fixtures";
import { send } from "./http-client";
import { startServer } from "./server-process";

const SHOTS = "test-results/photos";
const MB = 1024 * 1024;

/** Every picture on the page has loaded, with its size set (no layout jump) and a real image behind it. */
async function expectPicturesLoaded(page: Page) {
  const pictures = page.locator("picture img");
  expect(await pictures.count()).toBeGreaterThan(0);
  for (const img of await pictures.all()) {
    await img.scrollIntoViewIfNeeded();
    await expect.poll(() => img.evaluate((node: HTMLImageElement) => node.complete && node.naturalWidth > 0)).toBe(true);
    expect(await img.getAttribute("width")).toMatch(/^\d+$/);
    expect(await img.getAttribute("height")).toMatch(/^\d+$/);
    expect(await img.evaluate((node: HTMLImageElement) => node.currentSrc)).toMatch(/\/images\/[0-9a-f]{16}-\d+\.(webp|jpg)$/);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}

test.describe("the public pages' pictures", () => {
  test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

  for (const width of [390, 1280]) {
    test(`at ${width} px the home page and a workshop page show their pictures, axe-clean`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      await page.goto("/");
      const hero = page.locator(".hero picture img");
      await expect(hero).toHaveAttribute("alt", /^Drawing of the studio/);
      await expect(hero).toHaveAttribute("loading", "eager");
      // The cards are below the fold: lazy, and decorative (the card's words say what it is).
      const card = page.locator(".card picture img").first();
      await expect(card).toHaveAttribute("loading", "lazy");
      await expect(card).toHaveAttribute("alt", "");
      await expect(page.locator(".card picture source[type='image/webp']").first()).toHaveAttribute("srcset", /480w, .*960w, .*1600w$/);
      await expectPicturesLoaded(page);
      await expectAccessible(page, "home", SHOTS);

      await page.goto("/workshops/hip-and-ankle-mobility-for-runners");
      await expect(page.locator(".offering-photo img")).toHaveAttribute("alt", /^Drawing: a runner in a kneeling hip-flexor stretch/);
      const coach = page.getByRole("region", { name: "Your coach" });
      await expect(coach).toContainText("Maya Okafor");
      await expect(coach).toContainText("Physiotherapist and ultra runner");
      await expect(coach.locator("img")).toHaveAttribute("alt", /^Drawing of Maya Okafor/);
      await expectPicturesLoaded(page);
      await expectAccessible(page, "workshop", SHOTS);

      // The booking summary introduces the coach too.
      await page.getByRole("link", { name: /^Book a seat/ }).first().click();
      const summary = page.getByRole("complementary", { name: "You're booking" });
      await expect(summary.getByRole("region", { name: "Your coach" })).toContainText("Maya Okafor");
      await expectPicturesLoaded(page);
      await expectAccessible(page, "booking-summary", SHOTS);
    });
  }

  test("a rendition is served with a year's immutable caching; an unknown one is a 404", async ({ request }) => {
    const home = await (await request.get("/")).text();
    const url = /\/images\/[0-9a-f]{16}-480\.webp/.exec(home)![0];
    const answer = await request.get(url);
    expect(answer.status()).toBe(200);
    expect(answer.headers()["content-type"]).toBe("image/webp");
    expect(answer.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
    const metadata = await sharp(await answer.body()).metadata();
    expect(metadata).toMatchObject({ format: "webp", width: 480 });
    expect((await request.get(url.replace("-480.", "-481."))).status()).toBe(404);
    expect((await request.get("/images/not-a-picture.png")).status()).toBe(404);
  });
});

test.describe("a photo uploaded in the console", () => {
  test("needs its alt text beside the field, then shows on the public page; the page is axe-clean at both widths", async ({ page }) => {
    const base = test.info().project.use.baseURL!;
    await signInAsOwner(page, base);
    await page.goto("/staff/offerings");
    await page.getByRole("link", { name: DST_FIXTURE.title, exact: true }).click();
    await page.getByRole("link", { name: "Add a photo" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Photo of ${DST_FIXTURE.title}`);

    const photo = await sharp({ create: { width: 1800, height: 1200, channels: 3, background: "#c8643c" } })
      .composite([{ input: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="1800" height="1200"><circle cx="900" cy="600" r="400" fill="#f6d2ae"/></svg>') }])
      .jpeg()
      .withExif({ IFD3: { GPSLatitudeRef: "N", GPSLatitude: "51/1 30/1 2/1" } })
      .toBuffer();
    await page.getByLabel("Photo").setInputFiles({ name: "evening.jpg", mimeType: "image/jpeg", buffer: photo });
    await page.getByRole("button", { name: "Save the photo" }).click();
    const summary = page.getByRole("alert");
    await expect(summary).toBeFocused();
    await expect(summary.getByRole("link", { name: "Alt text: Please describe the photo for people who can't see it." })).toBeVisible();
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await expectAccessible(page, "console-photo-error", SHOTS);
    }
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.getByLabel("Alt text").fill("An apricot sun on a terracotta wall.");
    await page.getByRole("button", { name: "Save the photo" }).click();
    await expect(page.getByRole("status")).toContainText("Photo saved");
    const now = page.locator(".photo-console__now img");
    await expect(now).toHaveAttribute("alt", "An apricot sun on a terracotta wall.");
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await expectAccessible(page, "console-photo", SHOTS);
    }

    await page.goto(`/workshops/${DST_FIXTURE.slug}`);
    const shown = page.locator(".offering-photo img");
    await expect(shown).toHaveAttribute("alt", "An apricot sun on a terracotta wall.");
    await expect(shown).toHaveAttribute("width", "1800");
    await expectPicturesLoaded(page);
  });
});

test.describe("two app processes on one database", () => {
  test.skip(!process.env.DATABASE_URL, "needs a real PostgreSQL: two app processes cannot share the embedded database");

  test("a photo uploaded through one is served by the other; the upload route's limits hold at the server", async () => {
    test.setTimeout(120_000);
    const database = await freshDatabase("pfm_t_photos");
    const [portA, portB] = [await freePort(), await freePort()];
    const env = (port: number) => ({ NODE_ENV: "", ...database.env, PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, SMTP_URL: "" });
    const first = startServer(portA, env(portA));
    await first.waitHealthy(60_000);
    const second = startServer(portB, env(portB));
    try {
      await second.waitHealthy(60_000);
      const A = `http://127.0.0.1:${portA}`;
      const B = `http://127.0.0.1:${portB}`;

      const signIn = await fetch(`${A}/staff/sign-in`, {
        method: "POST",
        redirect: "manual",
        body: new URLSearchParams(DEMO_OWNER),
      });
      expect(signIn.status).toBe(302);
      const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
      const offeringsPage = await (await fetch(`${A}/staff/offerings`, { headers: { Cookie: cookie } })).text();
      const offeringId = /\/staff\/offerings\/([0-9a-f-]{36})/.exec(offeringsPage)![1]!;
      const uploadPath = `/staff/offerings/${offeringId}/photo`;

      const photo = await sharp({ create: { width: 1200, height: 800, channels: 3, background: "#1d5446" } }).png().toBuffer();
      const form = new FormData();
      form.append("alt", "A deep green wall.");
      form.append("photo", new Blob([new Uint8Array(photo)], { type: "image/png" }), "wall.png");
      const uploaded = await fetch(`${A}${uploadPath}`, { method: "POST", body: form, headers: { Cookie: cookie }, redirect: "manual" });
      expect(uploaded.status).toBe(303);

      // The public page on B names the new photo, and B serves every rendition A stored.
      const consolePage = await (await fetch(`${B}${uploadPath}`, { headers: { Cookie: cookie } })).text();
      const key = /\/images\/([0-9a-f]{16})-480\.webp/.exec(consolePage)![1]!;
      for (const file of [`${key}-480.webp`, `${key}-960.webp`, `${key}-480.jpg`, `${key}-960.jpg`]) {
        const served = await fetch(`${B}/images/${file}`);
        expect(served.status, file).toBe(200);
        expect(served.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
        const metadata = await sharp(Buffer.from(await served.arrayBuffer())).metadata();
        expect(metadata.width).toBe(Number(/-(\d+)\./.exec(file)![1]));
      }
      expect((await fetch(`${B}/images/${key}-1600.webp`)).status).toBe(404);

      // 11 MB from signed-in staff: past the route's 10 MB + 64 KB, refused by the server itself.
      const boundary = "----photo-boundary";
      const eleven = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="alt"\r\n\r\nBig.\r\n--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
        Buffer.alloc(11 * MB, 0xff),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const multipart = { "Content-Type": `multipart/form-data; boundary=${boundary}` };
      const tooBig = await send(portA, { path: uploadPath, headers: { ...multipart, Cookie: cookie }, body: eleven, chunked: true });
      expect(tooBig.status).toBe(413);
      expect(tooBig.body).toContain("That was too much to send");
      // Without the staff cookie the upload route is held to the forms' 32 KB.
      const anonymous = await send(portA, { path: uploadPath, headers: multipart, body: eleven.subarray(0, MB) });
      expect(anonymous.status).toBe(413);
      // A file between 10 MB and the body limit reaches the route, which names the 10 MB limit.
      const tenAndABit = Buffer.concat([eleven.subarray(0, 200), Buffer.alloc(10 * MB + 1024, 0xff), Buffer.from(`\r\n--${boundary}--\r\n`)]);
      const overFile = await send(portA, { path: uploadPath, headers: { ...multipart, Cookie: cookie }, body: tenAndABit });
      expect(overFile.status).toBe(413);
      expect(overFile.body).toContain("photos can be up to 10 MB");
      // Still one photo stored: none of the refused ones.
      const stillThere = await (await fetch(`${B}${uploadPath}`, { headers: { Cookie: cookie } })).text();
      expect(stillThere).toContain(`/images/${key}-480.webp`);
    } finally {
      await second.stop("SIGKILL");
      await first.stop("SIGKILL");
      await database.drop();
    }
  });
});
