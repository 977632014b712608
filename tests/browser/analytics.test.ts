import { randomBytes } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, newPage, signUpWithWorkspace, snap } from "./browser";
import { warmRoutes } from "./next-dev-server";

/**
 * An admin makes a lead on /demo, then opens Analytics: every panel loads (volume with its
 * numbers as a table, response times, AI replies, leads, AI usage, CRM sync's empty state), the
 * split and the filters work and say what is wrong with a bad custom range, and the page fits a
 * 390 px phone without sideways scrolling.
 */
const baseUrl = inject("baseUrl");
const shots = inject("screenshotDir");
const run = randomBytes(3).toString("hex");
const admin = { name: "Noor Haddad", email: `noor.${run}@example.com`, password: "copper-fern-52" };
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  await warmRoutes(baseUrl, ["/analytics", "/demo", "/api/trpc/analytics.volume"]);
});

afterAll(async () => {
  await browser?.close();
});

describe("Analytics", () => {
  it("shows the workspace's figures, filters them, and fits a phone", async () => {
    const { page } = await newPage(browser, baseUrl);
    page.setDefaultTimeout(90_000);
    await signUpWithWorkspace(page, admin, "Haddad Analytics");

    await page.goto("/demo");
    await page.getByText("Live", { exact: true }).waitFor();
    await page.getByLabel("Message").fill("Hi! How much is the Pro plan for a team of 12?");
    await page.getByRole("button", { name: "Send as the customer" }).click();
    await page.getByText(/Lead tier: (Hot|Warm|Cold)/).waitFor();

    await page.getByRole("link", { name: "Analytics", exact: true }).click();
    await page.waitForURL("**/analytics");
    await page.getByRole("heading", { level: 1, name: "Analytics" }).waitFor();
    await page.getByText("inbound message, per day").waitFor();
    for (const title of ["Message volume", "First response time", "AI replies", "Leads", "AI usage", "CRM sync"]) {
      await page.getByRole("heading", { level: 2, name: title }).waitFor();
    }
    await page.getByText("No CRM is connected.", { exact: false }).waitFor();
    await page.getByText("Budget this month", { exact: false }).waitFor();
    await snap(page, shots, "80-analytics");

    // The chart's numbers as a table, and the split by channel.
    await page.getByRole("button", { name: "By channel" }).click();
    await expect(page.getByRole("button", { name: "By channel" }).getAttribute("aria-pressed")).resolves.toBe("true");
    await page.getByText("Show the numbers: Inbound messages per day by channel").click();
    await page.getByRole("table", { name: "Inbound messages per day by channel" }).waitFor();

    // A custom range that ends before it starts is explained, not sent.
    await page.getByLabel("Date range").selectOption("custom");
    await page.getByLabel("From").fill("2026-03-10");
    await page.getByLabel("To (inclusive)").fill("2026-03-01");
    await page.getByRole("alert").filter({ hasText: "The end date must be on or after the start date." }).waitFor();
    await page.getByLabel("Date range").selectOption("7");
    await page.getByText("inbound message, per day").waitFor();

    // A 390 px phone: the page reflows instead of scrolling sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("heading", { level: 2, name: "Message volume" }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await snap(page, shots, "81-analytics-390");
  });
});
