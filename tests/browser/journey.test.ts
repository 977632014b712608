import { randomBytes } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, newPage, snap, submitSignUp } from "./browser";

const baseUrl = inject("baseUrl");
const shots = inject("screenshotDir");
const run = randomBytes(3).toString("hex");
const admin = { name: "Ada Admin", email: `ada.${run}@example.com`, password: "correct-horse-42" };
const viewer = { name: "Vic Viewer", email: `vic.${run}@example.com`, password: "battery-staple-77" };

describe("admin invites a viewer, who gets a read-only workspace", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("signs up, creates a workspace, invites, accepts, and the server refuses the viewer's write", async () => {
    // Admin: sign up -> onboarding -> create workspace -> inbox.
    const { page: adminPage } = await newPage(browser, baseUrl);
    await adminPage.goto("/");
    await snap(adminPage, shots, "00-landing");
    // The landing page claims only what works: connectors and CRM sync are available, analytics coming.
    const coming = adminPage.getByRole("region", { name: "Where Leadline is today" });
    await coming.getByText("Coming soon").waitFor();
    expect(await coming.innerText()).toMatch(/Available now[\s\S]*Facebook Pages and Instagram[\s\S]*CRM sync[\s\S]*Coming soon[\s\S]*Analytics/);
    const claims = (await adminPage.locator("body").innerText()).replace(await coming.innerText(), "");
    expect(claims).not.toMatch(/LinkedIn|WhatsApp|TikTok|analytics|dashboards?/i);
    await adminPage.getByRole("link", { name: "Start free" }).click();
    await adminPage.waitForURL("**/sign-up");
    await snap(adminPage, shots, "01-sign-up");
    await submitSignUp(adminPage, admin);
    await adminPage.waitForURL("**/onboarding");
    await adminPage.getByLabel("Workspace name").fill("Acme Outdoor");
    await snap(adminPage, shots, "02-onboarding");
    await adminPage.getByRole("button", { name: "Create workspace" }).click();
    await adminPage.waitForURL("**/inbox");
    await expect.poll(() => adminPage.getByLabel("Workspace").inputValue()).not.toBe("");
    await snap(adminPage, shots, "03-inbox");

    // Admin: invite the viewer from Team and read the link.
    await adminPage.getByRole("link", { name: "Team" }).click();
    await adminPage.waitForURL("**/settings/team");
    await adminPage.getByLabel("Email address").fill(viewer.email);
    await adminPage.getByLabel("Role", { exact: true }).selectOption("VIEWER");
    await adminPage.getByRole("button", { name: "Send invite" }).click();
    const linkField = adminPage.getByLabel("Invite link");
    await linkField.waitFor();
    const link = await linkField.inputValue();
    expect(link).toMatch(new RegExp(`^${baseUrl}/invite/ws_[a-z0-9]+\\.[A-Za-z0-9_-]{43}$`));
    await adminPage.getByText(viewer.email).first().waitFor(); // listed under pending invitations
    await snap(adminPage, shots, "04-team-invite-link");

    // Admin: add a knowledge article (the viewer will only be able to read it).
    await adminPage.getByRole("link", { name: "Knowledge" }).click();
    await adminPage.getByRole("button", { name: "New article" }).click();
    await adminPage.getByLabel("Title").fill("Shipping to Canada");
    await adminPage.getByLabel("Article", { exact: true }).fill("We ship to Canada in 3-5 business days. Orders over $200 ship free.");
    await adminPage.getByLabel("Tags").fill("shipping, canada");
    await adminPage.getByRole("button", { name: "Add article" }).click();
    await adminPage.getByRole("heading", { name: "Shipping to Canada" }).waitFor();

    // Viewer, in a separate browser context: open the link signed out -> sign up -> back to the link.
    const { page: viewerPage } = await newPage(browser, baseUrl);
    await viewerPage.goto(link);
    await snap(viewerPage, shots, "05-invite-signed-out");
    await viewerPage.getByRole("link", { name: "Create an account" }).click();
    await viewerPage.waitForURL("**/sign-up?callbackUrl=*");
    await submitSignUp(viewerPage, viewer);
    await viewerPage.waitForURL((url) => url.pathname.startsWith("/invite/"));
    await snap(viewerPage, shots, "06-invite-signed-in");
    await viewerPage.getByRole("button", { name: "Join workspace" }).click();
    await viewerPage.waitForURL("**/settings");

    // Viewer: settings are read-only.
    await viewerPage.getByText("Read-only: your role is viewer").waitFor();
    const form = viewerPage.getByRole("form", { name: "Workspace settings" });
    await expect.poll(() => form.getByLabel("Workspace name").inputValue()).toBe("Acme Outdoor");
    const controls = form.locator("input, textarea, select");
    const count = await controls.count();
    expect(count).toBeGreaterThanOrEqual(6);
    for (let i = 0; i < count; i++) expect(await controls.nth(i).isDisabled()).toBe(true);
    expect(await viewerPage.getByRole("button", { name: "Save changes" }).count()).toBe(0);
    expect(await viewerPage.getByRole("link", { name: "Audit log" }).count()).toBe(0);
    await snap(viewerPage, shots, "07-viewer-settings-read-only");

    // Viewer: knowledge is readable, not editable.
    await viewerPage.getByRole("link", { name: "Knowledge" }).click();
    await viewerPage.getByRole("heading", { name: "Shipping to Canada" }).waitFor();
    await viewerPage.getByText("Read-only: your role is viewer").waitFor();
    expect(await viewerPage.getByRole("button", { name: /New article|Edit|Delete/ }).count()).toBe(0);

    // Viewer: the server itself refuses the write (not just the UI).
    const refused = await viewerPage.evaluate(async () => {
      const res = await fetch("/api/trpc/workspace.updateSettings", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ json: { name: "Taken over", autoReplyEnabled: true } }),
      });
      return { status: res.status, body: (await res.json()) as { error?: { json?: { data?: { code?: string } } } } };
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error?.json?.data?.code).toBe("FORBIDDEN");

    // Admin: nothing changed, and the audit log shows the invitation being accepted.
    await adminPage.goto("/settings");
    await expect.poll(() => adminPage.getByLabel("Workspace name").inputValue()).toBe("Acme Outdoor");
    await expect.poll(() => adminPage.getByRole("button", { name: "Save changes" }).count()).toBe(1);
    await adminPage.getByRole("link", { name: "Audit log" }).click();
    await adminPage.getByText("Accepted an invitation").waitFor();
    expect(await adminPage.getByText("Changed workspace settings").count()).toBe(0);
    await snap(adminPage, shots, "08-admin-audit-log");
  });
});
