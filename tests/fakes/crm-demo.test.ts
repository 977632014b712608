import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CrmProvider } from "@/generated/prisma/client";
import type { CrmLeadRecord } from "@/server/crm/crm-connector";
import { crmConnectorFor, crmOAuthProviderFor } from "@/server/crm/crm-registry";
import { parseEnv, resetEnvCache } from "@/server/infra/env/load-env";
import { crmFakesToStart, startCrmDemoFakes, type CrmDemoFakes, type CrmFakeName } from "./crm-demo";

/**
 * The CRM fakes `npm run dev` starts: the env they set must let the app's own OAuth providers
 * and connectors (from the registry, reading the environment) connect through the consent page
 * and upsert a lead, exactly as a click on "Connect <CRM>" in Settings -> CRM does.
 */
const APP_URL = "http://localhost:3999";
const PROVIDER: Record<CrmFakeName, CrmProvider> = { hubspot: "HUBSPOT", salesforce: "SALESFORCE", pipedrive: "PIPEDRIVE" };

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function occupy(port: number): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return server;
}

describe("crmFakesToStart", () => {
  it("starts a fake for each CRM without a client id, none with FAKE_PLATFORMS=false", () => {
    expect(crmFakesToStart({})).toEqual(["hubspot", "salesforce", "pipedrive"]);
    expect(crmFakesToStart({ HUBSPOT_CLIENT_ID: "real", PIPEDRIVE_CLIENT_ID: "" })).toEqual(["salesforce", "pipedrive"]);
    expect(crmFakesToStart({ SALESFORCE_CLIENT_ID: "3MVGreal", FAKE_PLATFORMS: "true" })).toEqual(["hubspot", "pipedrive"]);
    expect(crmFakesToStart({ FAKE_PLATFORMS: "false" })).toEqual([]);
  });
});

describe("startCrmDemoFakes", () => {
  let demo: CrmDemoFakes;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    // Port 0: the fixed demo ports may be taken by a running `npm run dev`.
    demo = await startCrmDemoFakes({ appUrl: APP_URL, ports: { hubspot: 0, salesforce: 0, pipedrive: 0 } });
    for (const key of [...Object.keys(demo.env), "APP_URL"]) saved[key] = process.env[key];
    Object.assign(process.env, demo.env, { APP_URL });
    resetEnvCache();
  });

  afterAll(async () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    resetEnvCache();
    await demo?.close();
  });

  it("sets every URL and client the app reads, in values the env schema accepts", () => {
    const parsed = parseEnv({ DATABASE_URL: "postgres://x@127.0.0.1/x", NEXTAUTH_SECRET: "s".repeat(32), ENCRYPTION_KEYS: `k1:${Buffer.alloc(32).toString("base64")}`, BLIND_INDEX_KEY: "b".repeat(32), ...demo.env });
    expect(parsed.HUBSPOT_API_URL).toBe(demo.hubspot?.url);
    expect(parsed.HUBSPOT_AUTH_URL).toBe(`${demo.hubspot?.url}/oauth/authorize`);
    expect(parsed.SALESFORCE_LOGIN_URL).toBe(demo.salesforce?.url);
    expect(parsed.PIPEDRIVE_API_URL).toBe(demo.pipedrive?.url);
    expect(parsed.PIPEDRIVE_OAUTH_URL).toBe(demo.pipedrive?.url);
    for (const id of ["HUBSPOT", "SALESFORCE", "PIPEDRIVE"]) {
      expect(demo.env[`${id}_CLIENT_ID`]).toBeTruthy();
      expect(demo.env[`${id}_CLIENT_SECRET`]).toBeTruthy();
    }
    expect(demo.summary).toContain(`HubSpot (${demo.hubspot?.url})`);
    expect(demo.summary).toContain("Settings -> CRM");
    expect(demo.summary).not.toContain(demo.env.HUBSPOT_CLIENT_SECRET);
  });

  it.each(["hubspot", "salesforce", "pipedrive"] as const)("lets the app connect %s through the consent page and upsert a lead", async (id) => {
    const provider = crmOAuthProviderFor(id);
    expect(provider?.configured()).toBe(true);
    if (!provider) return;
    const redirectUri = `${APP_URL}/api/oauth/${id}/callback`;
    const verifier = randomBytes(32).toString("base64url");
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const consent = await fetch(provider.authorizeUrl({ state: "st-1", redirectUri, codeChallenge: provider.usesPkce ? challenge : null }), { signal: AbortSignal.timeout(5_000) });
    expect(consent.status).toBe(200);
    const allow = /id="allow" href="([^"]+)"/.exec(await consent.text())?.[1]?.replace(/&#38;/g, "&");
    expect(allow).toBeDefined();
    const back = await fetch(allow ?? "", { redirect: "manual", signal: AbortSignal.timeout(5_000) });
    expect(back.status).toBe(302);
    const callback = new URL(back.headers.get("location") ?? "");
    expect(`${callback.origin}${callback.pathname}`).toBe(redirectUri);
    expect(callback.searchParams.get("state")).toBe("st-1");

    const grant = await provider.exchange({ code: callback.searchParams.get("code") ?? "", redirectUri, codeVerifier: provider.usesPkce ? verifier : null });
    const connector = crmConnectorFor(PROVIDER[id]);
    const creds = { connectionId: `demo-${id}`, accessToken: grant.accessToken, metadata: grant.metadata };
    const ctx = { beforeRequest: async () => {} };
    await connector.prepare(creds, connector.defaultMapping, ctx);
    const leadId = `lead-${id}-${randomBytes(4).toString("hex")}`;
    const record: CrmLeadRecord = {
      leadId, externalKey: leadId, externalId: null, version: 1,
      values: { name: "Ada Lovelace", email: "ada@example.com", phone: null, handle: "@ada", platform: "INSTAGRAM", tier: "HOT", score: 0.91, reason: "Asks for a bulk order", tags: ["bulk"], status: "NEW", intent: "sales", inboxUrl: `${APP_URL}/inbox/c1` },
    };
    const [result] = await connector.upsert(creds, [record], connector.defaultMapping, ctx);
    expect(result).toMatchObject({ leadId, ok: true });
    const fake = demo[id];
    expect(fake?.records.has(leadId)).toBe(true);
  });

  it.each(["salesforce", "pipedrive"] as const)("refuses a %s callback the app did not register, as a registered app does", async (id) => {
    const provider = crmOAuthProviderFor(id);
    const page = await fetch(provider?.authorizeUrl({ state: "st-2", redirectUri: "http://attacker.example/cb", codeChallenge: "x".repeat(43) }) ?? "", { redirect: "manual", signal: AbortSignal.timeout(5_000) });
    expect(page.status).toBe(400);
    expect(await page.text()).toMatch(/redirect_uri/);
  });
});

describe("start-up problems", () => {
  it("falls back to a free port when the preferred one is taken", async () => {
    const taken = await freePort();
    const blocker = await occupy(taken);
    try {
      const demo = await startCrmDemoFakes({ appUrl: APP_URL, only: ["hubspot"], ports: { hubspot: taken } });
      try {
        expect(demo.salesforce).toBeNull();
        expect(demo.pipedrive).toBeNull();
        expect(new URL(demo.hubspot?.url ?? "").port).not.toBe(String(taken));
        const answer = await fetch(`${demo.hubspot?.url}/crm/objects/2026-03/contacts/batch/upsert`, { method: "POST", signal: AbortSignal.timeout(5_000) });
        expect(answer.status).toBe(401); // a live HubSpot fake: no token, no entry
      } finally {
        await demo.close();
      }
    } finally {
      blocker.close();
    }
  });

  it("refuses an app URL it cannot build callbacks from, starting nothing", async () => {
    await expect(startCrmDemoFakes({ appUrl: "localhost:3000" })).rejects.toThrow(/app URL must be (an absolute )?http/);
    await expect(startCrmDemoFakes({ appUrl: "not a url" })).rejects.toThrow(/absolute http\(s\) URL/);
  });

  it("closes the fakes it started when a later one cannot start", async () => {
    const hubspotPort = await freePort();
    await expect(startCrmDemoFakes({ appUrl: APP_URL, ports: { hubspot: hubspotPort, salesforce: -1 } })).rejects.toThrow();
    // The HubSpot fake started first; its port is free again, so it was closed.
    const probe = await occupy(hubspotPort);
    probe.close();
  });
});
