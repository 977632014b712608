import { randomBytes } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, newPage, signUpWithWorkspace, snap } from "./browser";

const baseUrl = inject("baseUrl");
const shots = inject("screenshotDir");

describe("a user with several workspaces", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("creates a second workspace, switches between them, and lands in one after signing in elsewhere", async () => {
    const { page } = await newPage(browser, baseUrl);
    const user = { name: "Wes Switch", email: `wes.${randomBytes(3).toString("hex")}@example.com`, password: "two-workspaces-2" };
    await signUpWithWorkspace(page, user, "First Shop");

    const switcher = page.getByLabel("Workspace", { exact: true });
    await switcher.selectOption({ label: "+ New workspace…" });
    await page.waitForURL("**/onboarding");
    await page.getByRole("button", { name: "Open First Shop" }).waitFor();
    await page.getByLabel("Workspace name").fill("Second Shop");
    await page.getByRole("button", { name: "Create workspace" }).click();
    await page.waitForURL("**/inbox");
    await expect.poll(async () => (await switcher.locator("option:checked").textContent())?.trim()).toBe("Second Shop");

    await page.getByRole("link", { name: "Settings" }).click();
    await expect.poll(() => page.getByLabel("Workspace name").inputValue()).toBe("Second Shop");
    await switcher.selectOption({ label: "First Shop" });
    await expect.poll(() => page.getByLabel("Workspace name").inputValue()).toBe("First Shop");
    await snap(page, shots, "14-switched-workspace");

    // A fresh browser has no workspace cookie: signing in opens the first workspace by itself.
    const { page: fresh } = await newPage(browser, baseUrl);
    await fresh.goto("/sign-in");
    await fresh.getByLabel("Email").fill(user.email);
    await fresh.getByLabel("Password").fill(user.password);
    await fresh.getByRole("button", { name: "Sign in" }).click();
    await fresh.waitForURL("**/inbox");
    await expect.poll(async () => (await fresh.getByLabel("Workspace", { exact: true }).locator("option:checked").textContent())?.trim()).toBe("First Shop");
  });
});
