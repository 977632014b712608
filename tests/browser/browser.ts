import { randomInt } from "node:crypto";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Debian's Chromium (playwright cannot download browsers here); each context is a fresh profile. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

/**
 * A new, isolated browser context (its own cookies) with one page. Each context presents its
 * own client address, so per-IP limits (5 sign-ups an hour) never couple separate tests.
 */
export async function newPage(browser: Browser, baseUrl: string): Promise<{ context: BrowserContext; page: Page }> {
  const ip = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 }, extraHTTPHeaders: { "x-forwarded-for": ip } });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000); // `next dev` compiles some client chunks on first use
  return { context, page };
}

/** Saves a full-page screenshot as <dir>/<name>.png. */
export async function snap(page: Page, dir: string, name: string): Promise<void> {
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

export type TestUser = { name: string; email: string; password: string };

/** Fills and submits the sign-up form the page is on; leaves the page on "Check your email". */
export async function fillSignUp(page: Page, user: TestUser): Promise<void> {
  await page.getByLabel("Your name").fill(user.name);
  await page.getByLabel("Work email").fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByText("Check your email").waitFor();
}

/**
 * Signs up from the sign-up form the page is on and confirms the address, like a person: the
 * test app has no mail server, so the confirmation mail is shown on screen (the embedded
 * default, outside production); its link asks for the password, which also signs in. Leaves the
 * page wherever sign-up was headed (onboarding, or the callbackUrl such as an invitation).
 */
export async function submitSignUp(page: Page, user: TestUser): Promise<void> {
  await fillSignUp(page, user);
  await page.getByRole("link", { name: "Confirm your email" }).first().click();
  await page.waitForURL("**/confirm-email?*");
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Confirm and sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/confirm-email"));
}

/** Signs up from /sign-up and creates a workspace; leaves the page on /inbox. */
export async function signUpWithWorkspace(page: Page, user: TestUser, workspaceName: string): Promise<void> {
  await page.goto("/sign-up");
  await submitSignUp(page, user);
  await page.waitForURL("**/onboarding");
  await page.getByLabel("Workspace name").fill(workspaceName);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await page.waitForURL("**/inbox");
}
