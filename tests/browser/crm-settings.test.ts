import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { verifyLeadlineWebhook } from "../../src/server/crm/webhook/verify-signature";
import { launchChromium, newPage, signUpWithWorkspace, snap } from "./browser";
import { warmRoutes } from "./next-dev-server";

/**
 * An admin connects the signed webhook in Settings -> CRM: copies the secret shown once into
 * their receiver (here a local server verifying every delivery with the documented recipe),
 * tests it, adjusts the mapping, syncs a lead made on /demo, sees the run and the lead's badge,
 * then disconnects through the confirmation dialog.
 */
const baseUrl = inject("baseUrl");
const shots = inject("screenshotDir");
const run = randomBytes(3).toString("hex");
const admin = { name: "Rae Okafor", email: `rae.${run}@example.com`, password: "ledger-pine-47" };

type Delivery = { type: string; verified: boolean; leads: number };
const deliveries: Delivery[] = [];
let secret = "";
let receiver: Server;
let receiverUrl = "";
let browser: Browser;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const check = verifyLeadlineWebhook({ secret, timestamp: req.headers["leadline-timestamp"] as string | undefined, signature: req.headers["leadline-signature"] as string | undefined, rawBody: raw });
      const body = JSON.parse(raw.toString("utf8")) as { type: string; leads?: unknown[] };
      deliveries.push({ type: body.type, verified: check.ok, leads: body.leads?.length ?? 0 });
      res.writeHead(check.ok ? 200 : 401, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/leadline`;
  browser = await launchChromium();
  await warmRoutes(baseUrl, ["/settings/crm", "/demo", "/leads", "/api/trpc/crm.list", "/api/webhooks/demo"]);
});

afterAll(async () => {
  await browser?.close();
  receiver?.close();
});

async function until(check: () => boolean, label: string, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${label}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("Settings -> CRM with the signed webhook", () => {
  it("connects, tests, maps, syncs a lead, shows the run and the lead's state, and disconnects", async () => {
    const { page } = await newPage(browser, baseUrl);
    page.setDefaultTimeout(90_000);
    await signUpWithWorkspace(page, admin, "Okafor Ledgers");

    // A lead to send: the admin plays a customer on /demo.
    await page.goto("/demo");
    await page.getByText("Live", { exact: true }).waitFor();
    await page.getByLabel("Message").fill("Hi! How much is the Pro plan for a team of 12?");
    await page.getByRole("button", { name: "Send as the customer" }).click();
    await page.getByText(/Lead tier: (Hot|Warm|Cold)/).waitFor();

    await page.getByRole("link", { name: "CRM", exact: true }).click();
    await page.waitForURL("**/settings/crm");
    await page.getByRole("heading", { name: "Connect a CRM" }).waitFor();
    await snap(page, shots, "70-crm-empty");

    // A bad URL is refused with a clear message, nothing connected.
    await page.getByLabel("Webhook URL").fill("ftp://example.com/hook");
    await page.getByRole("button", { name: "Connect webhook" }).click();
    await page.getByText(/must use https/).waitFor();

    await page.getByLabel("Webhook URL").fill(receiverUrl);
    await page.getByRole("button", { name: "Connect webhook" }).click();
    const shown = page.getByLabel("Signing secret");
    await shown.waitFor();
    secret = await shown.inputValue();
    expect(secret).toMatch(/^whsec_/);
    await snap(page, shots, "71-crm-webhook-secret");
    await page.getByRole("button", { name: "I have stored it" }).click();
    await expect(page.getByLabel("Signing secret").count()).resolves.toBe(0);

    await page.getByRole("button", { name: "Test the Signed webhook connection" }).click();
    await page.getByText(`Connected to ${new URL(receiverUrl).host}.`).waitFor();
    expect(deliveries).toContainEqual({ type: "ping", verified: true, leads: 0 });

    await page.getByRole("button", { name: "Edit mapping" }).click();
    await page.getByLabel("Link to the conversation").selectOption("");
    await page.getByRole("button", { name: "Check and save" }).click();
    await page.getByRole("button", { name: "Edit mapping" }).waitFor();

    await page.getByRole("button", { name: "Sync Signed webhook now" }).click();
    await page.getByText("Sync requested", { exact: false }).waitFor();
    await until(() => deliveries.some((d) => d.type === "leads.upsert" && d.verified && d.leads === 1), "the lead reached the receiver");
    expect(deliveries.every((d) => d.verified)).toBe(true);
    await page.getByRole("table", { name: /sync runs/ }).getByText("Sync now").first().waitFor();
    await page.getByText("1 synced").waitFor();
    await snap(page, shots, "72-crm-synced");

    await page.getByRole("link", { name: "Leads", exact: true }).click();
    await page.getByText("Webhook synced").waitFor();
    await snap(page, shots, "73-leads-crm-badge");

    await page.goto("/settings/crm");
    await page.getByRole("button", { name: "Disconnect Signed webhook" }).click();
    const dialog = page.getByRole("dialog", { name: "Disconnect Signed webhook?" });
    await dialog.getByRole("button", { name: "Disconnect Signed webhook" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByLabel("Webhook URL").waitFor();
  });
});
