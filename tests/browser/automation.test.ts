import { randomBytes } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, inject, it } from "vitest";
import { launchChromium, newPage, signUpWithWorkspace, snap } from "./browser";
import { warmRoutes } from "./next-dev-server";

const baseUrl = inject("baseUrl");
const shots = inject("screenshotDir");
const run = randomBytes(3).toString("hex");
const admin = { name: "Otto Automation", email: `otto.${run}@example.com`, password: "correct-horse-58" };
const QUESTION = "How much is the Pro plan? I want to buy today";
const PIPELINE_MS = 30_000;

/** A link of the main navigation (the settings page links to /demo from its own text too). */
const nav = (page: Page, name: string) => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });

/** Sends the question from a new customer on /demo and returns that customer's result region. */
async function sendDemo(page: Page, customer: string) {
  await nav(page, "Demo").click();
  await page.waitForURL("**/demo");
  await page.getByText("Live", { exact: true }).waitFor();
  await page.getByLabel("Name").fill(customer);
  await page.getByLabel("Handle").fill(customer.toLowerCase().replace(/\W+/g, "_"));
  await page.getByLabel("Message").fill(QUESTION);
  await page.getByRole("button", { name: "Send as the customer" }).click();
  return page.getByRole("region", { name: `What ${customer} sees` });
}

async function setSalesMode(page: Page, mode: "draft" | "auto") {
  await nav(page, "Settings").click();
  await page.waitForURL("**/settings");
  const automation = page.getByRole("form", { name: "Automation" });
  await automation.getByLabel("Sales mode", { exact: true }).selectOption(mode);
  await automation.getByRole("button", { name: "Save automation" }).click();
  await automation.getByRole("status").filter({ hasText: "Automation saved" }).waitFor();
}

describe("an admin changes the sales automation and the next Demo message follows it", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
    await warmRoutes(baseUrl, ["/demo", "/settings/knowledge", "/api/realtime", "/api/webhooks/demo", "/api/trpc/demo.channel", "/api/trpc/workspace.automation"]);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("draft only keeps the reply as a draft; auto-send sends the next one", async () => {
    const { page } = await newPage(browser, baseUrl);
    await signUpWithWorkspace(page, admin, "Automation Outfitters");

    await nav(page, "Knowledge").click();
    await page.waitForURL("**/settings/knowledge");
    await page.getByRole("button", { name: "New article" }).click();
    await page.getByLabel("Title").fill("Pro plan pricing");
    await page.getByLabel("Article", { exact: true }).fill("The Pro plan costs $49 per month per workspace, with unlimited conversations. You can buy it today from the billing page.");
    await page.getByLabel("Tags").fill("pricing, pro plan");
    await page.getByRole("button", { name: "Add article" }).click();
    await page.getByRole("heading", { name: "Pro plan pricing" }).waitFor();

    // The workspace switch first (a new workspace starts with it off), then the tone preview.
    await nav(page, "Settings").click();
    await page.waitForURL("**/settings");
    await page.getByLabel("Send replies automatically").check();
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Settings saved").waitFor();
    await page.getByLabel("Tone guidelines").fill("Cheerful and brief. Sign off as 'the Outfitters crew'.");
    await page.getByRole("region", { name: "Tone preview" }).getByRole("button", { name: "Preview reply" }).click();
    await page.getByTestId("tone-preview-reply").waitFor({ timeout: PIPELINE_MS });
    await snap(page, shots, "80-tone-preview");

    await setSalesMode(page, "draft");
    await snap(page, shots, "81-automation-sales-draft-only");
    const drafted = await sendDemo(page, "Dora Draft");
    await drafted.getByText(/^Draft waiting for an agent/).waitFor({ timeout: PIPELINE_MS });
    await drafted.getByText('automation for sales messages is set to "Draft only"', { exact: false }).waitFor();
    await snap(page, shots, "82-demo-drafted-by-rule");

    await setSalesMode(page, "auto");
    const sent = await sendDemo(page, "Sam Sent");
    await sent.getByText("Reply sent by the AI").waitFor({ timeout: PIPELINE_MS });
    await snap(page, shots, "83-demo-auto-sent-by-rule");
  });
});
