import { randomBytes } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, newPage, snap, submitSignUp } from "./browser";

const baseUrl = inject("baseUrl");
const shots = inject("screenshotDir");

describe("sign-up and sign-in explain what went wrong", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("shows the duplicate-email, wrong-password and too-many-attempts messages", async () => {
    const { page } = await newPage(browser, baseUrl);
    const user = { name: "Sam Signin", email: `sam.${randomBytes(3).toString("hex")}@example.com`, password: "right-password-1" };
    await page.goto("/sign-up");
    await submitSignUp(page, user);
    await page.waitForURL("**/onboarding");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/sign-in");

    // The same email again: the server's message, with a way to sign in.
    await page.goto("/sign-up");
    await submitSignUp(page, { ...user, name: "Sam Again" });
    await page.getByText("An account with this email already exists. Sign in instead.").waitFor();
    await snap(page, shots, "11-sign-up-duplicate-email");

    // Wrong password, then the per-account limit (5 attempts per 15 minutes).
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill("wrong-password-1");
    const submit = page.getByRole("button", { name: "Sign in" });
    await submit.click();
    await page.getByText("That email and password don't match an account.").waitFor();
    await snap(page, shots, "12-sign-in-invalid");
    const tooMany = page.getByText("Too many sign-in attempts. Wait a few minutes and try again.");
    for (let attempt = 2; attempt <= 6 && (await tooMany.count()) === 0; attempt++) {
      await submit.click();
      await expect.poll(() => submit.isEnabled()).toBe(true);
    }
    await tooMany.waitFor();
    await snap(page, shots, "13-sign-in-rate-limited");
  });
});
