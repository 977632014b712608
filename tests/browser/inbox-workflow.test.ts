import { randomBytes } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, newPage, signUpWithWorkspace, snap } from "./browser";
import { warmRoutes } from "./next-dev-server";

/**
 * The inbox workflow as a team uses it: the Spam folder and "Not spam", search and filters,
 * keyboard navigation (j/k, ? help, a to approve), assignment, close and reopen, and the inbox
 * at a phone's width (390 px).
 */
const baseUrl = inject("baseUrl");
const shots = inject("screenshotDir");
const run = randomBytes(3).toString("hex");
const admin = { name: "Wren Workflow", email: `wren.${run}@example.com`, password: "correct-horse-42" };
const PIPELINE_MS = 30_000;

async function sendExample(page: Page, name: string, handle: string, example: string): Promise<void> {
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Handle").fill(handle);
  await page.getByRole("button", { name: `Send example: ${example}` }).click();
  const result = page.getByRole("region", { name: `What ${name} sees` });
  await result.getByText(/Intent: /).waitFor({ timeout: PIPELINE_MS });
  await result.getByText(/^(Draft waiting for an agent|Reply sent|No reply|No automatic reply)/).waitFor({ timeout: PIPELINE_MS });
}

const row = (page: Page, name: string) => page.getByRole("list", { name: "Conversations" }).getByRole("link", { name: new RegExp(name) });

describe("the inbox workflow", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
    await warmRoutes(baseUrl, ["/demo", "/inbox/warm-up", "/api/realtime", "/api/webhooks/demo", "/api/trpc/demo.channel"]);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("files spam apart, searches and filters, moves with j/k, approves with a, assigns, closes and reopens", async () => {
    const { page } = await newPage(browser, baseUrl);
    await signUpWithWorkspace(page, admin, "Workflow Coffee");
    await page.getByRole("link", { name: "Demo", exact: true }).click();
    await page.waitForURL("**/demo");
    await page.getByText("Live", { exact: true }).waitFor();
    await sendExample(page, "Paula Pricing", "paula_p", "Pricing question");
    await page.getByRole("region", { name: "What Paula Pricing sees" }).getByText(/^Draft waiting for an agent/).waitFor();
    await sendExample(page, "Sid Spammer", "sid_s", "Spam comment");
    await sendExample(page, "Quinn Shipping", "quinn_s", "Shipping question");

    await page.getByRole("link", { name: "Inbox", exact: true }).click();
    await page.waitForURL("**/inbox");
    await row(page, "Quinn Shipping").waitFor();
    await row(page, "Paula Pricing").waitFor();
    expect(await row(page, "Sid Spammer").count()).toBe(0);
    expect(await row(page, "Paula Pricing").getByText("Needs reply").count()).toBe(1);
    await snap(page, shots, "500-inbox-workflow-list");

    // The Spam folder holds the spam; "Not spam" moves it back and trusts the contact.
    await page.getByRole("group", { name: "Folder" }).getByRole("button", { name: "Spam" }).click();
    await row(page, "Sid Spammer").click();
    await page.waitForURL("**/inbox/*");
    await page.getByText("In Spam", { exact: true }).waitFor();
    await snap(page, shots, "501-inbox-spam-folder");
    await page.getByRole("button", { name: "Not spam…" }).click();
    await page.getByRole("group", { name: "What is this message?" }).getByRole("button", { name: "Other" }).click();
    await page.getByText("Trusted contact", { exact: true }).waitFor();
    await page.getByText("No spam", { exact: true }).waitFor();
    await page.getByRole("group", { name: "Folder" }).getByRole("button", { name: "Inbox" }).click();
    await row(page, "Sid Spammer").waitFor();

    // Search: whole words of the (encrypted) messages and names.
    await page.goto("/inbox");
    const search = page.getByRole("searchbox", { name: /Search conversations/ });
    // Once the list is on screen the page is hydrated and listening for shortcuts.
    await row(page, "Sid Spammer").waitFor();
    await page.keyboard.press("/");
    expect(await search.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type("canada");
    await page.waitForFunction(() => document.querySelectorAll('ul[aria-label="Conversations"] a').length === 1);
    await row(page, "Quinn Shipping").waitFor();
    await snap(page, shots, "502-inbox-search");
    // Typing in the search box is not a shortcut.
    expect(new URL(page.url()).pathname).toBe("/inbox");
    await search.fill("");
    await page.getByLabel("Intent", { exact: true }).selectOption("SALES");
    await row(page, "Sid Spammer").waitFor({ state: "detached" });
    await row(page, "Paula Pricing").waitFor();
    await page.getByLabel("Intent", { exact: true }).selectOption("");
    await page.waitForFunction(() => document.querySelectorAll('ul[aria-label="Conversations"] a').length === 3);

    // Keyboard: j/k move through the list; ? shows the shortcuts in a dialog.
    await blur(page);
    const order = await page.getByRole("list", { name: "Conversations" }).getByRole("link").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    expect(order).toHaveLength(3);
    await page.keyboard.press("j");
    await page.waitForURL(`**${order[0]}`);
    await page.keyboard.press("j");
    await page.waitForURL(`**${order[1]}`);
    await page.keyboard.press("k");
    await page.waitForURL(`**${order[0]}`);
    await page.keyboard.press("?");
    const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await help.waitFor();
    expect(await help.getByRole("button", { name: "Close" }).evaluate((el) => el === document.activeElement)).toBe(true);
    await snap(page, shots, "503-inbox-shortcuts-help");
    await page.keyboard.press("Escape");
    await help.waitFor({ state: "hidden" });

    // a approves the AI draft of the open conversation.
    await page.goto(order[await rowIndex(page, order, "Paula Pricing")]!);
    await page.getByRole("article", { name: "AI reply, AI draft" }).waitFor();
    await blur(page);
    await page.keyboard.press("a");
    await page.getByRole("article", { name: "AI reply, Sent" }).waitFor({ timeout: PIPELINE_MS });
    await row(page, "Paula Pricing").getByText("Answered").waitFor();

    // Assign to me, then close and reopen.
    await page.getByRole("button", { name: "Assign to me" }).click();
    await row(page, "Paula Pricing").getByText("Assigned to you").waitFor();
    await page.getByLabel("Assignee", { exact: true }).selectOption("me");
    await page.waitForFunction(() => document.querySelectorAll('ul[aria-label="Conversations"] a').length === 1);
    await page.getByLabel("Assignee", { exact: true }).selectOption("");
    await page.getByRole("button", { name: "Close", exact: true }).click();
    await page.getByRole("button", { name: "Reopen" }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('ul[aria-label="Conversations"] a').length === 2);
    expect(await row(page, "Paula Pricing").count()).toBe(0);
    await page.getByLabel("Status", { exact: true }).selectOption("closed");
    await row(page, "Paula Pricing").getByText("Closed", { exact: true }).waitFor();
    await snap(page, shots, "504-inbox-closed-filter");
    await page.getByRole("button", { name: "Reopen" }).click();
    await page.getByRole("button", { name: "Close", exact: true }).waitFor();
    await page.getByLabel("Status", { exact: true }).selectOption("open");
    await page.waitForFunction(() => document.querySelectorAll('ul[aria-label="Conversations"] a').length === 3);
    expect(await row(page, "Paula Pricing").getByText("Closed", { exact: true }).count()).toBe(0);
  });

  it("is usable at 390 px: a compact header, the list near the top, the reply box reachable", async () => {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 390, height: 844 }, extraHTTPHeaders: { "x-forwarded-for": `10.9.${randomBytes(1)[0]}.7` } });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password", { exact: true }).fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL("**/inbox");
    const first = page.getByRole("list", { name: "Conversations" }).getByRole("link").first();
    await first.waitFor();
    const searchTop = (await page.getByRole("searchbox", { name: /Search conversations/ }).boundingBox())!.y;
    console.log(`[inbox-workflow] at 390 px the search box starts ${Math.round(searchTop)} px down the page`);
    await snap(page, shots, "505-inbox-390-list");
    await first.click();
    await page.waitForURL("**/inbox/*");
    await page.getByRole("button", { name: "Reply ↓" }).click();
    const box = page.getByLabel("Your reply");
    expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
    const rect = (await box.boundingBox())!;
    expect(rect.y).toBeGreaterThanOrEqual(0);
    expect(rect.y + rect.height).toBeLessThanOrEqual(844);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await snap(page, shots, "506-inbox-390-conversation");
    await context.close();
  });
});

async function blur(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

async function rowIndex(page: Page, order: Array<string | null>, name: string): Promise<number> {
  const href = await page.getByRole("list", { name: "Conversations" }).getByRole("link", { name: new RegExp(name) }).getAttribute("href");
  return order.indexOf(href);
}
