import { randomBytes } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, newPage, signUpWithWorkspace, snap } from "./browser";

const baseUrl = inject("baseUrl");
const shots = inject("screenshotDir");
const dbControlUrl = inject("dbControlUrl");

async function database(state: "up" | "down"): Promise<void> {
  const res = await fetch(`${dbControlUrl}/${state}`, { method: "POST" });
  expect(res.status).toBe(204);
}

describe("a database outage shows friendly errors that recover with Try again", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await database("up");
    await browser?.close();
  });

  it("covers a server-rendered page and a client-loaded panel", async () => {
    const { page } = await newPage(browser, baseUrl);
    const user = { name: "Olga Outage", email: `olga.${randomBytes(3).toString("hex")}@example.com`, password: "outage-proof-9" };
    await signUpWithWorkspace(page, user, "Outage Test Co");
    await page.goto("/settings");
    await page.getByRole("button", { name: "Save changes" }).waitFor();

    // Client-loaded panel: the shell is already rendered, the members query fails.
    await database("down");
    await page.getByRole("link", { name: "Team" }).click();
    await page.getByText("We couldn't load the team").waitFor();
    await snap(page, shots, "09-outage-team-panel");
    await database("up");
    const panels = page.getByRole("alert").filter({ has: page.getByRole("button", { name: "Try again" }) });
    await panels.filter({ hasText: "We couldn't load the team" }).getByRole("button", { name: "Try again" }).click();
    await page.getByText(user.email).waitFor();
    await panels.filter({ hasText: "We couldn't load pending invitations" }).getByRole("button", { name: "Try again" }).click();
    await page.getByText("No pending invitations.").waitFor();

    // Server-rendered: the app shell itself cannot load its workspaces.
    await database("down");
    await page.reload();
    await page.getByText("Something went wrong on our side").waitFor();
    await snap(page, shots, "10-outage-route-error");
    await database("up");
    await page.getByRole("button", { name: "Try again" }).click();
    await page.getByRole("heading", { name: "Team", exact: true }).waitFor();
    expect(await page.getByText("Something went wrong on our side").count()).toBe(0);
  });
});
