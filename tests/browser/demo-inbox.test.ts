import { randomBytes } from "node:crypto";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, newPage, signUpWithWorkspace, snap, submitSignUp } from "./browser";
import { warmRoutes } from "./next-dev-server";

const baseUrl = inject("baseUrl");
const shots = inject("screenshotDir");
const run = randomBytes(3).toString("hex");
const admin = { name: "Dana Demo", email: `dana.${run}@example.com`, password: "correct-horse-42" };
const viewer = { name: "Vera Viewer", email: `vera.${run}@example.com`, password: "battery-staple-77" };
const QUESTION = "How much is the Pro plan? I want to buy today";

/** The pipeline's promise: classified and answered within 30 s of sending. */
const PIPELINE_MS = 30_000;

async function within(deadline: number, ...locators: Locator[]): Promise<void> {
  for (const locator of locators) await locator.waitFor({ timeout: Math.max(1, deadline - Date.now()) });
}

describe("an admin plays the customer on /demo and works the conversation in the inbox", () => {
  let browser: Browser;
  // Handed from the admin's journey to the viewer's (the tests run in order).
  let adminPage: Page | undefined;
  let conversationPath: string | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
    // Not in the global warm-up list: compile them now so `next dev` compiling on first use
    // does not eat the pipeline's 30 s (the demo webhook call itself times out after 10 s).
    await warmRoutes(baseUrl, ["/demo", "/leads", "/inbox/warm-up", "/settings/knowledge", "/api/realtime", "/api/webhooks/demo", "/api/trpc/demo.channel"]);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("sends a pricing question, sees it classified and answered live, then approves the draft from the inbox", async () => {
    const { context, page } = await newPage(browser, baseUrl);
    adminPage = page;
    await signUpWithWorkspace(page, admin, "Summit Software");
    await page.getByText("No conversations yet").waitFor();
    await snap(page, shots, "20-inbox-empty");

    // The reply generator answers from the knowledge base, so give it the price.
    await page.getByRole("link", { name: "Knowledge", exact: true }).click();
    await page.waitForURL("**/settings/knowledge");
    await page.getByRole("button", { name: "New article" }).click();
    await page.getByLabel("Title").fill("Pro plan pricing");
    await page.getByLabel("Article", { exact: true }).fill("The Pro plan costs $49 per month per workspace, with unlimited conversations. You can buy it today from the billing page.");
    await page.getByLabel("Tags").fill("pricing, pro plan");
    await page.getByRole("button", { name: "Add article" }).click();
    await page.getByRole("heading", { name: "Pro plan pricing" }).waitFor();

    // A second tab on the inbox, same session: it must update without a reload.
    const inbox = await context.newPage();
    inbox.setDefaultTimeout(60_000);
    await inbox.goto("/inbox");
    await inbox.getByText("No conversations yet").waitFor();
    await inbox.getByText("Live", { exact: true }).waitFor();

    await page.getByRole("link", { name: "Demo", exact: true }).click();
    await page.waitForURL("**/demo");
    await page.getByText("Live", { exact: true }).waitFor();
    await page.getByLabel("Message").fill(QUESTION);
    await snap(page, shots, "21-demo-form");
    await page.getByRole("button", { name: "Send as the customer" }).click();

    const deadline = Date.now() + PIPELINE_MS;
    const result = page.getByRole("region", { name: "What Jamie Rivera sees" });
    await result.getByText(QUESTION).waitFor();
    const reply = result.getByText(/^(Draft waiting for an agent|Reply sent)/);
    await within(deadline, result.getByText(/Intent: Sales/), result.getByText(/Lead tier: (Hot|Warm|Cold)/), reply);
    // Auto-reply is off in a new workspace, so the AI's answer waits for an agent.
    expect(await reply.textContent()).toMatch(/^Draft waiting for an agent/);
    await result.getByText("auto-reply is off for this workspace", { exact: false }).waitFor();
    await result.getByRole("table", { name: "Agent runs for this demo message" }).waitFor();
    for (const agent of ["Intent classifier", "Lead scorer", "Reply generator"]) await result.getByRole("rowheader", { name: agent }).waitFor();
    await snap(page, shots, "22-demo-result");

    // The other tab got the conversation live: no reload happened there.
    const listed = inbox.getByRole("link", { name: /Jamie Rivera/ });
    await within(deadline + 10_000, listed, listed.getByText("1 draft to review"));
    await snap(inbox, shots, "23-inbox-live-update");

    // Open it from the demo result: the message, its intent, the lead and the agent runs.
    await page.getByRole("link", { name: "Open in the inbox" }).click();
    await page.waitForURL("**/inbox/*");
    conversationPath = new URL(page.url()).pathname;
    const message = page.getByRole("article", { name: "Message from Jamie Rivera" });
    await message.getByText(QUESTION).waitFor();
    await message.getByText(/Intent: Sales/).waitFor();
    await page.getByRole("region", { name: "Lead", exact: true }).getByRole("group", { name: "Lead status" }).waitFor();
    await message.getByText(/Agent runs \(3\)/).click();
    const runs = message.getByRole("table", { name: "Agent runs for this message" });
    for (const agent of ["Intent classifier", "Lead scorer", "Reply generator"]) await runs.getByRole("rowheader", { name: agent }).waitFor();
    expect(await runs.getByText(/^local:/).count()).toBe(3);
    await snap(page, shots, "24-inbox-conversation-agent-runs");

    // Approve the draft; "Sent" arrives through the realtime stream once the send job ran.
    const draft = page.getByRole("article", { name: "AI reply, AI draft" });
    await draft.getByRole("button", { name: "Approve and send" }).click();
    await page.getByRole("article", { name: "AI reply, Sent" }).waitFor({ timeout: PIPELINE_MS });
    await snap(page, shots, "25-inbox-reply-sent");

    // Leads: the contact is scored; the admin's retraining runs in the background and says why it kept the current model.
    await page.getByRole("link", { name: "Leads", exact: true }).click();
    await page.waitForURL("**/leads");
    await page.getByRole("rowheader", { name: /Jamie Rivera/ }).waitFor();
    await page.getByRole("button", { name: "Retrain scorer from outcomes" }).click();
    // Retraining is a background job: queued at once, its verdict shown when it has run.
    await page.getByText("Retraining queued").waitFor();
    await page.getByText("Last retraining kept the current model").waitFor({ timeout: PIPELINE_MS });
    await page.getByText(/need at least \d+ marked leads/).waitFor();
    await snap(page, shots, "26-leads-retrain-skipped");
  });

  it("answers a one-click prompt-injection example without giving the discount", async () => {
    const page = adminPage;
    if (!page) throw new Error("the admin journey did not run");
    await page.getByRole("link", { name: "Demo", exact: true }).click();
    await page.waitForURL("**/demo");
    await page.getByLabel("Name").fill("Mallory Tester");
    await page.getByLabel("Handle").fill("mallory");
    await page.getByRole("button", { name: "Send example: Prompt injection" }).click();
    const result = page.getByRole("region", { name: "What Mallory Tester sees" });
    const deadline = Date.now() + PIPELINE_MS;
    await within(deadline, result.getByText(/Intent: /), result.getByText(/Lead tier: /));
    // Whatever the agents decided, nothing offers the 90% the message asked for.
    await within(deadline, result.getByText(/^(Draft waiting for an agent|Reply sent|No reply|No automatic reply)/));
    // The whole reply paragraph (the "Business reply:" label alone is a hidden span).
    const replies = await result.locator("p", { has: page.getByText("Business reply:", { exact: true }) }).allTextContents();
    for (const text of replies) expect(text).not.toMatch(/90 ?%/);
    await snap(page, shots, "27-demo-prompt-injection");
  });

  it("shows a viewer the conversation and agent runs but no action controls", async () => {
    const page = adminPage;
    if (!page || !conversationPath) throw new Error("the admin journey did not run");
    await page.getByRole("link", { name: "Team", exact: true }).click();
    await page.getByLabel("Email address").fill(viewer.email);
    await page.getByLabel("Role", { exact: true }).selectOption("VIEWER");
    await page.getByRole("button", { name: "Send invite" }).click();
    const link = await page.getByLabel("Invite link").inputValue();

    const { page: viewerPage } = await newPage(browser, baseUrl);
    await viewerPage.goto(link);
    await viewerPage.getByRole("link", { name: "Create an account" }).click();
    await viewerPage.waitForURL("**/sign-up?callbackUrl=*");
    await submitSignUp(viewerPage, viewer);
    await viewerPage.waitForURL((url) => url.pathname.startsWith("/invite/"));
    await viewerPage.getByRole("button", { name: "Join workspace" }).click();
    await viewerPage.waitForURL("**/settings");
    await viewerPage.getByText("Only admins can change workspace settings.").waitFor();
    expect(await viewerPage.getByRole("button", { name: "Clear demo data" }).count()).toBe(0);

    await viewerPage.goto(conversationPath);
    const message = viewerPage.getByRole("article", { name: "Message from Jamie Rivera" });
    await message.getByText(QUESTION).waitFor();
    await viewerPage.getByText("Read-only: your role is viewer").waitFor();
    await message.getByText(/Agent runs \(3\)/).click();
    await message.getByRole("table", { name: "Agent runs for this message" }).waitFor();
    await viewerPage.getByRole("article", { name: "AI reply, Sent" }).waitFor();
    const actions = viewerPage.getByRole("button", { name: /Approve|Edit before sending|Discard|Send reply|auto-reply/ });
    expect(await actions.count()).toBe(0);
    expect(await viewerPage.getByRole("group", { name: "Lead status" }).count()).toBe(0);
    expect(await viewerPage.getByLabel("Your reply").count()).toBe(0);
    await snap(viewerPage, shots, "28-viewer-conversation-read-only");

    await viewerPage.getByRole("link", { name: "Demo", exact: true }).click();
    await viewerPage.getByText("Only agents and admins can send demo messages.").waitFor();
    expect(await viewerPage.getByRole("button", { name: "Send example: Pricing question" }).isDisabled()).toBe(true);

    await viewerPage.getByRole("link", { name: "Leads", exact: true }).click();
    await viewerPage.getByRole("rowheader", { name: /Jamie Rivera/ }).waitFor();
    expect(await viewerPage.getByRole("button", { name: "Retrain scorer from outcomes" }).count()).toBe(0);
    expect(await viewerPage.getByRole("combobox", { name: /Status for/ }).count()).toBe(0);
    await snap(viewerPage, shots, "29-viewer-leads");
  });

  it("marks demo data, tells the truth about auto-reply and sending, and lets the admin clear the demo data", async () => {
    const page = adminPage;
    if (!page || !conversationPath) throw new Error("the admin journey did not run");
    await page.goto(conversationPath);
    const header = page.getByRole("heading", { name: "Jamie Rivera" }).locator("xpath=../..");
    await header.getByText("Demo data", { exact: true }).waitFor();
    // A new workspace has auto-reply off: the header says so, and offers no pause switch.
    await header.getByText("Auto-reply off for this workspace").waitFor();
    expect(await page.getByText("Auto-reply allowed").count()).toBe(0);
    expect(await page.getByRole("button", { name: /auto-reply/ }).count()).toBe(0);

    // An agent's own reply: "queued" gives way to "sent" once the send job ran (realtime refetch).
    await page.getByLabel("Your reply").fill("Thanks Jamie, a colleague will follow up today.");
    await page.getByRole("button", { name: "Send reply" }).click();
    await page.getByRole("status").filter({ hasText: "Reply sent." }).waitFor({ timeout: PIPELINE_MS });
    expect(await page.getByText("Reply queued to send.").count()).toBe(0);

    await page.getByRole("link", { name: "Inbox", exact: true }).click();
    await page.getByRole("link", { name: /Jamie Rivera/ }).getByText("Demo data", { exact: true }).waitFor();
    await page.getByRole("link", { name: "Leads", exact: true }).click();
    await page.getByRole("rowheader", { name: /Jamie Rivera/ }).getByText("Demo data", { exact: true }).waitFor();

    await page.getByRole("link", { name: "Settings", exact: true }).click();
    await page.waitForURL("**/settings");
    expect(await page.getByLabel(/CRM sync/).count()).toBe(0);
    await page.getByRole("button", { name: "Clear demo data" }).click();
    const dialog = page.getByRole("dialog", { name: "Clear demo data?" });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByRole("button", { name: "Clear demo data" }).click();
    await snap(page, shots, "30-clear-demo-data-confirm");
    await dialog.getByRole("button", { name: "Delete demo data" }).click();
    await page.getByText(/^Deleted 2 conversations, \d+ messages, \d+ replies and 2 leads\.$/).waitFor();
    await snap(page, shots, "31-demo-data-cleared");

    await page.getByRole("link", { name: "Inbox", exact: true }).click();
    await page.getByText("No conversations yet").waitFor();
    await page.getByRole("link", { name: "Leads", exact: true }).click();
    await page.getByText("No leads yet").waitFor();
  });
});
