import { randomBytes } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seriousAxeViolations } from "./axe";
import { launchChromium, newPage, signUpWithWorkspace, snap, submitSignUp } from "./browser";
import { warmRoutes } from "./next-dev-server";

/**
 * Internal notes and saved replies as a team uses them: an admin keeps a saved reply with a
 * shortcut, an agent (invited) opens a Demo conversation, adds an internal note (shown apart from
 * the messages, not sent), types "/pri" to insert the saved reply with the customer's first name,
 * edits and sends it; the admin reads the note. A Demo conversation has no "View on" link.
 */
const baseUrl = inject("baseUrl");
const shots = inject("screenshotDir");
const run = randomBytes(3).toString("hex");
const admin = { name: "Nadia Notes", email: `nadia.${run}@example.com`, password: "correct-horse-42" };
const agent = { name: "Arlo Agent", email: `arlo.${run}@example.com`, password: "battery-staple-77" };
const PIPELINE_MS = 30_000;
const NOTE = "Called Paula back: she wants an invoice with her order.";

/**
 * Serious axe findings inside what this feature draws (notes, the note form, the saved-reply
 * suggestions and menu, the saved-replies settings): the rest of the page has its own checks.
 */
async function ownViolations(page: Page): Promise<string[]> {
  const findings = await seriousAxeViolations(page);
  const scope = 'article[aria-label^="Internal note"], form[aria-label="Add an internal note"], [role="listbox"], form[aria-label="Write your own reply"] > div, ul[aria-label="Saved replies"], form[aria-label="New saved reply"]';
  return page.evaluate(
    ({ list, scope }) => list.filter((f) => f.targets.some((t) => { try { return document.querySelector(t)?.closest(scope) != null; } catch { return false; } })).map((f) => `${f.id}: ${f.targets.join(", ")}`),
    { list: findings, scope },
  );
}

const row = (page: Page, name: string) => page.getByRole("list", { name: "Conversations" }).getByRole("link", { name: new RegExp(name) });

describe("internal notes and saved replies", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
    await warmRoutes(baseUrl, ["/demo", "/inbox/warm-up", "/settings/saved-replies", "/api/realtime", "/api/webhooks/demo", "/api/trpc/demo.channel"]);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("an agent adds a note and answers with a saved reply in a Demo conversation", async () => {
    const { page: adminPage } = await newPage(browser, baseUrl);
    await signUpWithWorkspace(adminPage, admin, "Notes Coffee");

    // Admin: a saved reply with a shortcut and the first-name placeholder.
    await adminPage.goto("/settings/saved-replies");
    await adminPage.getByText("No saved replies yet").waitFor();
    await adminPage.getByRole("button", { name: "New saved reply" }).click();
    await adminPage.getByLabel("Title").fill("Pro plan pricing");
    await adminPage.getByLabel("Reply text").fill("Hi {{first_name}}, the Pro plan is $49 per month.");
    await adminPage.getByLabel("Shortcut (optional)").fill("/Pricing");
    await adminPage.getByRole("button", { name: "Add saved reply" }).click();
    await adminPage.getByRole("heading", { name: /Pro plan pricing/ }).waitFor();
    await adminPage.getByText("/pricing", { exact: true }).waitFor();
    await snap(adminPage, shots, "600-saved-replies-settings");
    expect(await ownViolations(adminPage)).toEqual([]);

    // Admin: invite the agent.
    await adminPage.goto("/settings/team");
    await adminPage.getByLabel("Email address").fill(agent.email);
    await adminPage.getByLabel("Role", { exact: true }).selectOption("AGENT");
    await adminPage.getByRole("button", { name: "Send invite" }).click();
    const linkField = adminPage.getByLabel("Invite link");
    await linkField.waitFor();
    const link = await linkField.inputValue();

    // Admin plays the customer on /demo.
    await adminPage.goto("/demo");
    await adminPage.getByText("Live", { exact: true }).waitFor();
    await adminPage.getByLabel("Name").fill("Paula Pricing");
    await adminPage.getByLabel("Handle").fill("paula_p");
    await adminPage.getByRole("button", { name: "Send example: Pricing question" }).click();
    const result = adminPage.getByRole("region", { name: "What Paula Pricing sees" });
    await result.getByText(/^(Draft waiting for an agent|Reply sent|No reply|No automatic reply)/).waitFor({ timeout: PIPELINE_MS });

    // Agent: joins through the link and opens the conversation.
    const { page } = await newPage(browser, baseUrl);
    await page.goto(link);
    await page.getByRole("link", { name: "Create an account" }).click();
    await page.waitForURL("**/sign-up?callbackUrl=*");
    await submitSignUp(page, agent);
    await page.waitForURL((url) => url.pathname.startsWith("/invite/"));
    await page.getByRole("button", { name: "Join workspace" }).click();
    await page.waitForURL("**/settings");
    await page.goto("/inbox");
    await row(page, "Paula Pricing").click();
    await page.waitForURL("**/inbox/*");
    const conversationPath = new URL(page.url()).pathname;
    await page.getByRole("article", { name: "Message from Paula Pricing" }).waitFor();
    // The Demo channel has no platform behind it: no "View on" link.
    expect(await page.getByRole("link", { name: /^View .* on / }).count()).toBe(0);

    // An internal note, shown in the thread apart from the messages.
    await page.getByLabel("Internal note", { exact: true }).fill(NOTE);
    await page.getByRole("button", { name: "Add note" }).click();
    const note = page.getByRole("article", { name: "Internal note by You" });
    await note.getByText(NOTE).waitFor();
    await note.getByText("Internal note — not sent").waitFor();
    expect(await page.getByLabel("Internal note", { exact: true }).inputValue()).toBe("");

    // "/pri" in the reply box offers the saved reply; Enter inserts it with the first name.
    const box = page.getByLabel("Your reply");
    await box.click();
    await box.pressSequentially("/pri");
    const suggestions = page.getByRole("listbox", { name: "Saved replies matching /pri" });
    await suggestions.getByRole("option", { name: /Pro plan pricing/ }).waitFor();
    await snap(page, shots, "601-saved-reply-shortcut");
    expect(await ownViolations(page)).toEqual([]);
    await box.press("Enter");
    await expect.poll(() => box.inputValue()).toBe("Hi Paula, the Pro plan is $49 per month.");
    expect(await suggestions.count()).toBe(0);
    // Filled for editing: the agent adds a line, then sends.
    await box.press("End");
    await box.pressSequentially(" I'll send the invoice today.");
    await snap(page, shots, "602-note-and-filled-reply");
    expect(await ownViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Send reply" }).click();
    const sent = page.getByRole("article", { name: /^Human reply/ }).filter({ hasText: "Hi Paula, the Pro plan is $49 per month. I'll send the invoice today." });
    await sent.waitFor({ timeout: PIPELINE_MS });
    // The note was not sent: it is still a note, and no reply carries its words.
    expect(await page.getByRole("article", { name: /reply/ }).filter({ hasText: "invoice with her order" }).count()).toBe(0);

    // The menu works too: search, pick, and the box is filled.
    await page.getByRole("button", { name: "Saved replies", exact: true }).click();
    await page.getByLabel("Search saved replies").fill("pro plan");
    await page.getByRole("list", { name: "Saved replies" }).getByRole("button", { name: /Pro plan pricing/ }).click();
    await expect.poll(() => box.inputValue()).toBe("Hi Paula, the Pro plan is $49 per month.");

    // The admin reads the agent's note in the same conversation, and may delete it.
    await adminPage.goto(conversationPath);
    const seen = adminPage.getByRole("article", { name: "Internal note by Arlo Agent" });
    await seen.getByText(NOTE).waitFor();
    await snap(adminPage, shots, "603-admin-reads-note");
    await seen.getByRole("button", { name: "Delete the note by Arlo Agent" }).click();
    await seen.getByRole("button", { name: "Delete note" }).click();
    await seen.waitFor({ state: "detached" });
  });
});
