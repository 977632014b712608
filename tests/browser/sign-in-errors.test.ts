import { randomBytes } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { fillSignUp, launchChromium, newPage, snap, submitSignUp } from "./browser";

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

  it("answers a taken email like a new one, and shows the unconfirmed, wrong-password and too-many-attempts messages", async () => {
    const { page } = await newPage(browser, baseUrl);
    const user = { name: "Sam Signin", email: `sam.${randomBytes(3).toString("hex")}@example.com`, password: "right-password-1" };
    await page.goto("/sign-up");
    await submitSignUp(page, user);
    await page.waitForURL("**/onboarding");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/sign-in");

    // The same email again: the same "check your email" answer as for a new address (sign-up
    // never reveals which addresses have accounts); the mail, shown here for want of a mail
    // server, tells the owner they already have an account.
    await page.goto("/sign-up");
    await fillSignUp(page, { ...user, name: "Sam Again" });
    await page.getByText("You already have a Leadline account").waitFor();
    await snap(page, shots, "11-sign-up-duplicate-email");

    // A new account cannot sign in before its email is confirmed, and is offered a new link.
    const pending = { name: "Pat Pending", email: `pat.${randomBytes(3).toString("hex")}@example.com`, password: "right-password-2" };
    await page.goto("/sign-up");
    await fillSignUp(page, pending);
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(pending.email);
    await page.getByLabel("Password").fill(pending.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("Confirm your email address first").waitFor();
    await page.getByRole("button", { name: "Send the link again" }).click();
    await page.getByRole("link", { name: "Confirm your email" }).waitFor();
    await snap(page, shots, "11b-sign-in-unconfirmed");

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
