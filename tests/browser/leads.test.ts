import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, newPage, signUpWithWorkspace, snap, submitSignUp } from "./browser";
import { warmRoutes } from "./next-dev-server";

/**
 * Leads: an admin makes two leads on /demo (one writes twice, vague then buying), then sorts and
 * filters the table (the order and filters land in the URL and survive a reload), opens a lead
 * page with its score history, downloads the CSV; a viewer sees no export button and the server
 * refuses their crafted request; both pages fit a 390 px phone.
 */
const baseUrl = inject("baseUrl");
const shots = inject("screenshotDir");
const run = randomBytes(3).toString("hex");
const admin = { name: "Lena Ortiz", email: `lena.${run}@example.com`, password: "walnut-comet-38" };
const viewer = { name: "Val Viewer", email: `val.${run}@example.com`, password: "walnut-comet-39" };
const PIPELINE_MS = 90_000;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  await warmRoutes(baseUrl, ["/leads", "/leads/warm-up", "/demo", "/api/trpc/leads.list", "/api/leads/export"]);
});

afterAll(async () => {
  await browser?.close();
});

async function sendAsCustomer(page: Page, customer: { name: string; handle: string }, text: string, tier: RegExp) {
  await page.getByLabel("Name").fill(customer.name);
  await page.getByLabel("Handle").fill(customer.handle);
  await page.getByLabel("Message").fill(text);
  await page.getByRole("button", { name: "Send as the customer" }).click();
  // Each send gets its own result; every result shows the lead as it stands now.
  const result = page.getByRole("region", { name: `What ${customer.name} sees` }).filter({ hasText: text });
  await result.getByText(tier).first().waitFor({ timeout: PIPELINE_MS });
}

async function noSidewaysScroll(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

describe("Leads", () => {
  it("sorts, filters, shows a lead's score history, exports, refuses a viewer and fits a phone", async () => {
    const { page } = await newPage(browser, baseUrl);
    page.setDefaultTimeout(90_000);
    await signUpWithWorkspace(page, admin, "Ortiz Roasters");

    await page.goto("/demo");
    await page.getByText("Live", { exact: true }).waitFor();
    const mara = { name: "Mara Quinn", handle: "mara_q" };
    await sendAsCustomer(page, mara, "hi, do you have decaf?", /Lead tier: (Hot|Warm|Cold)/);
    await sendAsCustomer(page, mara, "How much is a 1 kg bag of the decaf? I'd like to order 3 bags", /Lead tier: Hot/);
    await sendAsCustomer(page, { name: "Omar Idle", handle: "omar_i" }, "nice pics", /Lead tier: Cold/);

    // The table: highest score first; a click on Score reverses it and puts the order in the URL.
    await page.getByRole("link", { name: "Leads", exact: true }).click();
    await page.waitForURL("**/leads");
    const rows = page.getByRole("table").getByRole("rowheader");
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.first().innerText()).toMatch(/Mara Quinn/);
    await page.getByRole("button", { name: /sort by score/ }).click();
    await page.waitForURL(/[?&]dir=asc/);
    await expect.poll(async () => (await rows.first().innerText()).includes("Omar Idle")).toBe(true);
    expect(await page.getByRole("columnheader", { name: /Score/ }).getAttribute("aria-sort")).toBe("ascending");

    // A filter: only hot leads; the URL carries it and a reload (a shared link) shows the same.
    await page.getByLabel("Tier", { exact: true }).selectOption("HOT");
    await page.waitForURL(/[?&]tier=HOT/);
    await expect.poll(() => rows.count()).toBe(1);
    await page.reload();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().innerText()).toMatch(/Mara Quinn/);
    expect(await page.getByLabel("Tier", { exact: true }).inputValue()).toBe("HOT");
    await snap(page, shots, "90-leads-sorted-filtered");

    // The CSV of the filtered leads, as the admin.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Export CSV/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^leads-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile((await download.path())!, "utf8");
    const lines = csv.replace(/^\uFEFF/, "").trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^Lead id,Name,Handle,Platform/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/Mara Quinn,mara_q,DEMO,.*,HOT,/);

    // The lead page: contact, the score now, and its history with the message that caused each.
    await rows.first().getByRole("link", { name: "Mara Quinn" }).click();
    await page.waitForURL(/\/leads\/[^/?]+$/);
    await page.getByRole("heading", { level: 1, name: "Mara Quinn" }).waitFor();
    const history = page.getByRole("list", { name: "Score history" });
    // The entries are the list's own items (each holds a nested list of its tags).
    const entries = history.locator(":scope > li");
    await expect.poll(() => entries.count()).toBe(2);
    expect(await entries.first().innerText()).toMatch(/Hot[\s\S]*(up \d+|No change)[\s\S]*pricing/i);
    expect(await entries.last().innerText()).toMatch(/First score/);
    await history.getByRole("link", { name: /Message of/ }).first().waitFor();
    expect(await page.locator('a[href^="/inbox/"]').count()).toBeGreaterThanOrEqual(3); // the conversation, and each entry's message
    await snap(page, shots, "91-lead-page-history");

    // A 390 px phone: cards instead of the table, and no sideways scroll on either page.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("heading", { name: "Score history" }).waitFor();
    expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(0);
    await snap(page, shots, "92-lead-page-390");
    await page.goto("/leads");
    await page.getByRole("list", { name: "Leads" }).getByRole("listitem").first().waitFor();
    expect(await page.getByRole("table").count()).toBe(0);
    expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(0);
    await snap(page, shots, "93-leads-390");
    await page.setViewportSize({ width: 1280, height: 900 });

    // A viewer joins: the table reads, no export button; the server refuses a crafted export.
    await page.goto("/settings/team");
    await page.getByLabel("Email address").fill(viewer.email);
    await page.getByLabel("Role", { exact: true }).selectOption("VIEWER");
    await page.getByRole("button", { name: "Send invite" }).click();
    const link = await page.getByLabel("Invite link").inputValue();
    const { page: viewerPage } = await newPage(browser, baseUrl);
    viewerPage.setDefaultTimeout(90_000);
    await viewerPage.goto(link);
    await viewerPage.getByRole("link", { name: "Create an account" }).click();
    await viewerPage.waitForURL("**/sign-up?callbackUrl=*");
    await submitSignUp(viewerPage, viewer);
    await viewerPage.waitForURL((url) => url.pathname.startsWith("/invite/"));
    await viewerPage.getByRole("button", { name: "Join workspace" }).click();
    await viewerPage.waitForURL((url) => !url.pathname.startsWith("/invite/"));
    await viewerPage.goto("/leads");
    await viewerPage.getByRole("table").getByRole("rowheader").first().waitFor();
    expect(await viewerPage.getByRole("link", { name: /Export CSV/ }).count()).toBe(0);
    const refused = await viewerPage.request.get("/api/leads/export?tier=HOT");
    expect(refused.status()).toBe(403);
    const body = await refused.text();
    expect(body).toMatch(/Viewers cannot export leads/);
    expect(body).not.toMatch(/Mara Quinn/);
    await snap(viewerPage, shots, "94-viewer-leads-no-export");
  });
});
