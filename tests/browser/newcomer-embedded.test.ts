import { randomBytes } from "node:crypto";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, newPage, signUpWithWorkspace, snap } from "./browser";
import { warmRoutes } from "./next-dev-server";
import { startEmbeddedDev, type EmbeddedDev } from "./start-embedded-dev";

/**
 * The newcomer's path on the embedded default: the real `npm run dev` (PGlite, no
 * DATABASE_URL), a new user and workspace beside the seeded Demo Coffee Co. Nothing of one
 * workspace may show in the other: team, knowledge, audit log, inbox, leads, and the demo
 * messages each sends (processed in its own workspace, answered in its own name).
 */
const shots = inject("screenshotDir");
const run = randomBytes(3).toString("hex");
const owen = { name: "Owen Newcomer", email: `owen.${run}@example.com`, password: "owen-bikes-2026" };
const WORKSPACE = "Owen Bikes";
const DEMO_MEMBERS = ["Ada Admin", "Alex Agent", "Vic Viewer", "admin@demo.leadline.local"];
const DEMO_ARTICLE = "Subscription plans and pricing";
const OWEN_CUSTOMER = { name: "Olive Rider", handle: "olive_rides", text: "How much is a full bike service? I want to buy one today." };
const DEMO_CUSTOMER = { name: "Dora Beans", handle: "dora_beans", text: "How much is the Pro plan? I want to buy today." };

/** The agents' promise on the embedded queue, with room for `next dev` compiling on first use. */
const PIPELINE_MS = 90_000;
const STARTUP_MS = 420_000;
const JOURNEY_MS = 600_000;

/** Waits for `anchor` (the page has rendered its data), then checks none of `absent` is on it. */
async function expectNone(page: Page, anchor: string | RegExp, absent: string[]): Promise<void> {
  await page.getByText(anchor).first().waitFor();
  for (const text of absent) expect(await page.getByText(text, { exact: false }).count(), `"${text}" on ${page.url()}`).toBe(0);
}

/** Plays the customer on /demo and waits until the agents answered it. Returns the reply text. */
async function sendDemoMessage(page: Page, customer: typeof OWEN_CUSTOMER): Promise<string> {
  await page.goto("/demo");
  await page.getByText("Live", { exact: true }).waitFor();
  await page.getByLabel("Name").fill(customer.name);
  await page.getByLabel("Handle").fill(customer.handle);
  await page.getByLabel("Message").fill(customer.text);
  await page.getByRole("button", { name: "Send as the customer" }).click();
  const result = page.getByRole("region", { name: `What ${customer.name} sees` });
  await result.getByText(customer.text).waitFor();
  // The reply bubble: a paragraph that starts with a screen-reader label, then the text.
  const reply = result.locator("p").filter({ has: page.locator("span.sr-only", { hasText: "Business reply:" }) }).first();
  await reply.waitFor({ timeout: PIPELINE_MS });
  const text = async () => ((await reply.textContent()) ?? "").replace(/^Business reply:\s*/, "").trim();
  await expect.poll(text, { timeout: PIPELINE_MS }).not.toBe(""); // a draft's text may stream in
  return text();
}

describe("a newcomer on the embedded default (`npm run dev`, PGlite)", () => {
  let dev: EmbeddedDev;
  let browser: Browser;
  let owenInbox: Page | undefined;

  beforeAll(async () => {
    dev = await startEmbeddedDev({ logPath: path.join(shots, "newcomer-embedded-dev.log"), timeoutMs: STARTUP_MS });
    await warmRoutes(dev.baseUrl, ["/", "/sign-up", "/sign-in", "/onboarding", "/inbox", "/leads", "/demo", "/audit", "/settings/team", "/settings/knowledge", "/api/auth/providers", "/api/auth/csrf", "/api/trpc/workspace.mine", "/api/webhooks/demo"]);
    browser = await launchChromium();
  }, STARTUP_MS + 240_000);

  afterAll(async () => {
    await browser?.close();
    await dev?.stop();
  }, 60_000);

  it("shows a new workspace none of the Demo workspace's team, knowledge, audit log, conversations or leads", async () => {
    const { context, page } = await newPage(browser, dev.baseUrl);
    await signUpWithWorkspace(page, owen, WORKSPACE);

    await page.goto("/settings/team");
    await expectNone(page, owen.name, DEMO_MEMBERS);
    await snap(page, shots, "60-newcomer-team");

    await page.goto("/settings/knowledge");
    await expectNone(page, "No articles yet", [DEMO_ARTICLE, "Wholesale and cafés"]);

    await page.goto("/audit");
    await expectNone(page, "Created the workspace", ["Loaded demo data"]);
    await snap(page, shots, "61-newcomer-audit");

    await page.goto("/inbox");
    await expectNone(page, "No conversations yet", []);
    await page.goto("/leads");
    await expectNone(page, "No leads yet", []);

    // The reply generator answers from Owen's own knowledge base.
    await page.goto("/settings/knowledge");
    await page.getByRole("button", { name: "New article" }).click();
    await page.getByLabel("Title").fill("Bike service");
    await page.getByLabel("Article", { exact: true }).fill("A full bike service costs $89 and takes two days. You can book a service online today.");
    await page.getByLabel("Tags").fill("service, pricing");
    await page.getByRole("button", { name: "Add article" }).click();
    await page.getByRole("heading", { name: "Bike service" }).waitFor();

    // Owen's inbox is open in another tab before the customer writes.
    owenInbox = await context.newPage();
    owenInbox.setDefaultTimeout(60_000);
    await owenInbox.goto("/inbox");
    await owenInbox.getByText("No conversations yet").waitFor();
    await owenInbox.getByText("Live", { exact: true }).waitFor();

    const reply = await sendDemoMessage(page, OWEN_CUSTOMER);
    await snap(page, shots, "62-newcomer-demo-reply");
    expect(reply).toContain(WORKSPACE);
    expect(reply).not.toMatch(/coffee/i);

    await owenInbox.getByRole("link", { name: new RegExp(OWEN_CUSTOMER.name) }).waitFor({ timeout: PIPELINE_MS });
    await snap(owenInbox, shots, "63-newcomer-inbox-live");
  }, JOURNEY_MS);

  it("shows the Demo admin neither the newcomer nor the newcomer's message; each demo message lands in its own open inbox", async () => {
    if (!owenInbox) throw new Error("the newcomer's journey did not run");
    const { context, page } = await newPage(browser, dev.baseUrl);
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(dev.demo.adminEmail);
    await page.getByLabel("Password").fill(dev.demo.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL("**/inbox");

    await page.goto("/settings/team");
    await expectNone(page, "Ada Admin", [owen.name, owen.email]);
    await snap(page, shots, "64-demo-team");

    await page.goto("/settings/knowledge");
    await expectNone(page, DEMO_ARTICLE, ["Bike service"]);

    const demoInbox = await context.newPage();
    demoInbox.setDefaultTimeout(60_000);
    await demoInbox.goto("/inbox");
    await demoInbox.getByText("Live", { exact: true }).waitFor();
    expect(await demoInbox.getByText(OWEN_CUSTOMER.name).count()).toBe(0);

    const reply = await sendDemoMessage(page, DEMO_CUSTOMER);
    expect(reply).not.toContain(WORKSPACE);
    await demoInbox.getByRole("link", { name: new RegExp(DEMO_CUSTOMER.name) }).waitFor({ timeout: PIPELINE_MS });
    expect(await demoInbox.getByText(OWEN_CUSTOMER.name).count()).toBe(0);
    await snap(demoInbox, shots, "65-demo-inbox-live");

    // Owen's open inbox never got the Demo customer, live or after a reload.
    expect(await owenInbox.getByText(DEMO_CUSTOMER.name).count()).toBe(0);
    await owenInbox.reload();
    await owenInbox.getByRole("link", { name: new RegExp(OWEN_CUSTOMER.name) }).waitFor();
    expect(await owenInbox.getByText(DEMO_CUSTOMER.name).count()).toBe(0);
    await snap(owenInbox, shots, "66-newcomer-inbox-after-demo-message");
  }, JOURNEY_MS);
});
