import { randomBytes } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, inject, it } from "vitest";
import { launchChromium, newPage, signUpWithWorkspace, snap } from "./browser";
import { warmRoutes } from "./next-dev-server";

const baseUrl = inject("baseUrl");
const shots = inject("screenshotDir");
const run = randomBytes(3).toString("hex");
const admin = { name: "Ines Import", email: `ines.${run}@example.com`, password: "correct-horse-61" };

const nav = (page: Page, name: string) => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });

const FAQ = [
  "# Bike rental",
  "City bikes rent for 15 euros per day, helmets included.",
  "",
  "```text",
  "# Booking codes look like this: BR-1234 (not a heading)",
  "```",
  "## Repairs",
  "Flat tyre repairs take 30 minutes at the Harbour Street workshop.",
  "## Opening hours",
  "The shop is open from 8 to 18, Monday to Saturday.",
].join("\n");

describe("an admin imports a Markdown file and the bot answers from it", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
    await warmRoutes(baseUrl, ["/settings/knowledge", "/api/trpc/knowledge.list"]);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("previews, imports, and the test box uses an imported article", async () => {
    const { page } = await newPage(browser, baseUrl);
    await signUpWithWorkspace(page, admin, "Harbour Bikes");
    await nav(page, "Knowledge").click();
    await page.waitForURL("**/settings/knowledge");

    await page.getByLabel("File to import").setInputFiles({ name: "harbour-bikes-faq.md", mimeType: "text/markdown", buffer: Buffer.from(FAQ, "utf8") });
    await page.getByText("3 articles found").waitFor();
    const listed = page.getByRole("list", { name: "Articles in the file" });
    for (const title of ["Bike rental", "Repairs", "Opening hours"]) await listed.getByText(title, { exact: true }).waitFor();
    await snap(page, shots, "95-knowledge-import-preview");

    await page.getByRole("button", { name: "Import 3 articles" }).click();
    await page.getByRole("status").filter({ hasText: "3 articles added" }).waitFor();
    await page.getByRole("heading", { name: "Repairs" }).waitFor();
    await snap(page, shots, "96-knowledge-imported");

    const box = page.getByRole("form", { name: "Test the bot" });
    await box.getByLabel("Question").fill("How long does a flat tyre repair take?");
    await box.getByRole("button", { name: "Ask" }).click();
    const used = page.getByRole("heading", { name: "Articles used" }).locator("xpath=following-sibling::ul");
    await used.getByText("Repairs", { exact: true }).waitFor({ timeout: 30_000 });
    await page.getByRole("heading", { name: "The answer" }).locator("xpath=following-sibling::p").getByText(/30 minutes/).waitFor();
    await snap(page, shots, "97-knowledge-import-test-bot");
  });
});
