import { randomBytes } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, newPage, signUpWithWorkspace, snap } from "./browser";
import { warmRoutes } from "./next-dev-server";

const baseUrl = inject("baseUrl");
const shots = inject("screenshotDir");
const run = randomBytes(3).toString("hex");
const admin = { name: "Nadia Notify", email: `nadia.${run}@example.com`, password: "correct-horse-43" };
const HOT_MESSAGE = "Hi! We'd like a quote for 50 seats and a demo this week - what's the price per seat? We want to buy this month.";

/** The pipeline's promise: classified and scored within 30 s of sending. */
const PIPELINE_MS = 30_000;

/**
 * The bell: an admin has the inbox open in one tab and plays a customer on /demo in another; a
 * message asking for a quote and a demo makes a hot lead, and the inbox tab's bell shows it
 * without a reload (the realtime stream), with a link to the lead; opening it marks it read. With
 * browser notifications turned on, the open tab also shows a system notification.
 */
describe("notification bell", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
    await warmRoutes(baseUrl, ["/demo", "/leads/warm-up", "/api/realtime", "/api/webhooks/demo", "/api/trpc/demo.channel", "/api/trpc/notifications.list"]);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("shows a new hot lead live in the bell of an open inbox", async () => {
    const { context, page } = await newPage(browser, baseUrl);
    // Stands in for the browser's Notification API (headless Chromium shows none): permission granted, shown ones recorded.
    await context.addInitScript(() => {
      const shown: string[] = [];
      (window as unknown as { __shown: string[] }).__shown = shown;
      class RecordingNotification {
        static permission = "granted";
        static requestPermission() {
          return Promise.resolve("granted");
        }
        onclick: (() => void) | null = null;
        constructor(_title: string, options?: { body?: string }) {
          shown.push(options?.body ?? "");
        }
        close() {}
      }
      (window as unknown as { Notification: unknown }).Notification = RecordingNotification;
    });
    await signUpWithWorkspace(page, admin, "Bellwether Labs");

    const inbox = await context.newPage();
    inbox.setDefaultTimeout(60_000);
    await inbox.goto("/inbox");
    await inbox.getByText("Live", { exact: true }).waitFor();
    const bell = inbox.getByTestId("notification-bell");
    await expect.poll(() => bell.getAttribute("aria-label")).toBe("Notifications");

    // Turn on browser notifications from the bell's settings.
    await bell.click();
    await inbox.getByRole("button", { name: "Settings" }).click();
    const browserToggle = inbox.getByLabel(/Browser notifications for new hot leads/);
    const digestToggle = inbox.getByLabel(/Daily email summary/);
    expect(await digestToggle.isChecked()).toBe(true); // admins: on by default
    await browserToggle.click(); // asks the browser's permission first, then saves

    await expect.poll(() => browserToggle.isChecked()).toBe(true);
    await inbox.getByRole("button", { name: "Back" }).click();
    await inbox.getByText(/Nothing yet/).waitFor();
    await inbox.keyboard.press("Escape");

    await page.getByRole("link", { name: "Demo", exact: true }).click();
    await page.waitForURL("**/demo");
    await page.getByText("Live", { exact: true }).waitFor();
    await page.getByLabel("Message").fill(HOT_MESSAGE);
    await page.getByRole("button", { name: "Send as the customer" }).click();
    const result = page.getByRole("region", { name: "What Jamie Rivera sees" });
    await result.getByText(/Lead tier: Hot/).waitFor({ timeout: PIPELINE_MS });

    // The inbox tab was not reloaded: the bell updates from the realtime stream.
    await expect.poll(() => bell.getAttribute("aria-label"), { timeout: 20_000 }).toBe("Notifications, 1 unread");
    await expect.poll(() => inbox.evaluate(() => (window as unknown as { __shown: string[] }).__shown)).toEqual([expect.stringMatching(/^New hot lead on Demo/)]);
    await bell.click();
    const item = inbox.getByTestId("notification-list").getByRole("link", { name: /New hot lead on Demo/ });
    await item.waitFor();
    await snap(inbox, shots, "60-notification-bell-hot-lead");
    expect(await item.getAttribute("href")).toMatch(/^\/leads\/[A-Za-z0-9_-]+$/);

    await item.click();
    await inbox.waitForURL("**/leads/*");
    await expect.poll(() => bell.getAttribute("aria-label")).toBe("Notifications");
    await context.close();
  });
});
