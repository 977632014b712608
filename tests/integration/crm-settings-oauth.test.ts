import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { decrypt } from "@/server/infra/crypto/field-crypto";
import { withTenant } from "@/server/infra/db/tenant";
import { resetEnvCache } from "@/server/infra/env/load-env";
import { CrmUnavailableError } from "@/server/crm/crm-connector";
import { createWorkspace } from "@/server/workspaces/create-workspace";
import { callerFor, createUser, createWorkspaceWithTeam } from "../helpers/factories";
import { doubles } from "../helpers/crm-settings-doubles";
import { callCrmOAuthRoute, grantCode, sessionHeaders } from "../helpers/crm-settings-harness";

vi.mock("@/server/crm/crm-registry", async (importOriginal) => {
  const { registryWithDoubles } = await import("../helpers/crm-settings-doubles");
  return registryWithDoubles(await importOriginal());
});
vi.mock("@/server/infra/outbox/app-publisher", () => ({
  appPublisher: () => ({
    publishJobs: async () => Promise.reject(new Error("held for the test")),
    publishEvent: async () => Promise.reject(new Error("held for the test")),
  }),
}));

/**
 * Connecting HubSpot (no PKCE) and Salesforce (PKCE) through /api/oauth/<id>/start|callback:
 * the state is single use and bound to the admin and workspace; every refusal lands on
 * Settings -> CRM with an error code and stores nothing.
 */
const APP_URL = "http://leadline.test";
const savedAppUrl = process.env.APP_URL;
let team: Awaited<ReturnType<typeof createWorkspaceWithTeam>>;
let admin: Headers;

const connectionsOf = (workspaceId: string) => withTenant({ workspaceId }, (tx) => tx.crmConnection.findMany({ where: { workspaceId } }));
const park = (workspaceId: string) =>
  withTenant({ workspaceId }, (tx) => tx.crmConnection.updateMany({ where: { workspaceId }, data: { nextSyncAt: new Date("2999-01-01T00:00:00Z") } }));

async function start(id: string, headers: Headers): Promise<string> {
  const res = await callCrmOAuthRoute("start", id, headers);
  const location = res.headers.get("location");
  if (res.status !== 302 || !location) throw new Error(`start answered HTTP ${res.status}: ${await res.text()}`);
  return location;
}

async function callback(id: string, headers: Headers, query: Record<string, string>): Promise<URL> {
  const res = await callCrmOAuthRoute("callback", id, headers, `?${new URLSearchParams(query).toString()}`);
  const location = res.headers.get("location");
  if (res.status !== 302 || !location) throw new Error(`callback answered HTTP ${res.status}: ${await res.text()}`);
  expect(res.headers.get("cache-control")).toBe("no-store");
  return new URL(location);
}

async function expectRefused(landing: URL, code: string, workspaceId = team.workspaceId) {
  expect(landing.pathname).toBe("/settings/crm");
  expect(Object.fromEntries(landing.searchParams)).toEqual({ error: code });
  expect(await connectionsOf(workspaceId)).toEqual([]);
}

beforeAll(async () => {
  process.env.APP_URL = APP_URL;
  resetEnvCache();
  team = await createWorkspaceWithTeam("CRM OAuth");
  admin = await sessionHeaders(team.members.ADMIN.userId, team.workspaceId);
});

afterAll(() => {
  if (savedAppUrl === undefined) delete process.env.APP_URL;
  else process.env.APP_URL = savedAppUrl;
  resetEnvCache();
});

beforeEach(() => {
  doubles.hubspotOAuth.configured = true;
  doubles.hubspotOAuth.exchangeFault = null;
});

describe("refusals: nothing is stored", () => {
  it("agents and viewers cannot start or finish", async () => {
    for (const role of ["AGENT", "VIEWER"] as const) {
      const headers = await sessionHeaders(team.members[role].userId, team.workspaceId);
      expect((await callCrmOAuthRoute("start", "hubspot", headers)).status).toBe(403);
      expect((await callCrmOAuthRoute("callback", "hubspot", headers, "?code=x&state=y")).status).toBe(403);
    }
    expect(doubles.hubspotOAuth.issued.size).toBe(0);
  });

  it("an unknown provider is 404", async () => {
    expect((await callCrmOAuthRoute("start", "zoho", admin)).status).toBe(404);
  });

  it("a CRM without client credentials on this server", async () => {
    doubles.hubspotOAuth.configured = false;
    const res = await callCrmOAuthRoute("start", "hubspot", admin);
    await expectRefused(new URL(res.headers.get("location") ?? ""), "not_configured");
  });

  it("a denied consent spends the state", async () => {
    const { state } = grantCode(doubles.hubspotOAuth, await start("hubspot", admin));
    await expectRefused(await callback("hubspot", admin, { error: "access_denied", state }), "denied");
    await expectRefused(await callback("hubspot", admin, { code: "whatever", state }), "invalid_state");
  });

  it("a forged or missing state", async () => {
    await expectRefused(await callback("hubspot", admin, { code: "c", state: "not-a-state-we-issued" }), "invalid_state");
    await expectRefused(await callback("hubspot", admin, { code: "c" }), "invalid_state");
  });

  it("a state issued for another CRM, another workspace or another admin", async () => {
    const sf = grantCode(doubles.salesforceOAuth, await start("salesforce", admin));
    await expectRefused(await callback("hubspot", admin, sf), "invalid_state");

    const elsewhere = await createWorkspace(team.members.ADMIN.userId, { name: "Other shop" });
    const foreign = grantCode(doubles.hubspotOAuth, await start("hubspot", await sessionHeaders(team.members.ADMIN.userId, elsewhere.workspaceId)));
    await expectRefused(await callback("hubspot", admin, foreign), "invalid_state");

    const second = await createUser("second-admin");
    await withTenant({ workspaceId: team.workspaceId }, (tx) => tx.membership.create({ data: { workspaceId: team.workspaceId, userId: second.userId, role: "ADMIN" } }));
    const mine = grantCode(doubles.hubspotOAuth, await start("hubspot", admin));
    await expectRefused(await callback("hubspot", await sessionHeaders(second.userId, team.workspaceId), mine), "invalid_state");
  });

  it("an expired state is told apart", async () => {
    const granted = grantCode(doubles.hubspotOAuth, await start("hubspot", admin));
    await withTenant({ workspaceId: team.workspaceId }, (tx) => tx.oAuthState.updateMany({ where: { workspaceId: team.workspaceId, provider: "hubspot", exchangedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } }));
    await expectRefused(await callback("hubspot", admin, granted), "expired");
  });

  it("a failed code exchange (CRM down, code refused)", async () => {
    doubles.hubspotOAuth.exchangeFault = new CrmUnavailableError("HubSpot token (authorization_code) failed with HTTP 502");
    await expectRefused(await callback("hubspot", admin, grantCode(doubles.hubspotOAuth, await start("hubspot", admin))), "exchange_failed");
    doubles.hubspotOAuth.exchangeFault = null;
    const { state } = grantCode(doubles.hubspotOAuth, await start("hubspot", admin));
    await expectRefused(await callback("hubspot", admin, { code: "a-code-never-issued", state }), "exchange_failed");
  });
});

describe("connecting", () => {
  it("HubSpot: tokens stored encrypted, label and metadata from the grant, audited, first sync requested", async () => {
    const granted = grantCode(doubles.hubspotOAuth, await start("hubspot", admin));
    const landing = await callback("hubspot", admin, granted);
    expect(landing.pathname).toBe("/settings/crm");
    expect(Object.fromEntries(landing.searchParams)).toEqual({ connected: "hubspot" });
    const [row] = await connectionsOf(team.workspaceId);
    expect(row).toMatchObject({ provider: "HUBSPOT", status: "ACTIVE", label: "portal 4242", metadata: { portalId: "4242" }, credentialsEnc: null, connectedById: team.members.ADMIN.userId });
    const accessToken = decrypt(row?.accessTokenEnc ?? "");
    expect(doubles.hubspot.validTokens.has(accessToken)).toBe(true);
    expect(row?.accessTokenEnc).not.toContain(accessToken);
    expect(decrypt(row?.refreshTokenEnc ?? "")).toMatch(/^rt-/);
    expect(row?.tokenExpiresAt?.getTime()).toBeGreaterThan(Date.now());
    await park(team.workspaceId);

    const jobs = await withTenant({ workspaceId: team.workspaceId }, (tx) => tx.outboxEntry.findMany({ where: { workspaceId: team.workspaceId, name: "crm-sync-connection" } }));
    expect(jobs.map((j) => j.payload)).toEqual([{ workspaceId: team.workspaceId, connectionId: row?.id, trigger: "CONNECTED" }]);
    const audit = await withTenant({ workspaceId: team.workspaceId }, (tx) => tx.auditLog.findMany({ where: { workspaceId: team.workspaceId, action: { startsWith: "crm." } } }));
    expect(audit.map((a) => [a.action, a.metadata])).toEqual([["crm.connected", { provider: "HUBSPOT", method: "oauth" }]]);
    expect(JSON.stringify(audit)).not.toContain(accessToken);

    // The stored token works through the token manager: Test reaches the CRM with it.
    const caller = callerFor(team.members.ADMIN.userId, team.workspaceId);
    await expect(caller.crm.test({ connectionId: row?.id ?? "" })).resolves.toEqual({ account: "portal 4242" });

    // A replay of the same callback is refused and changes nothing.
    await expect(callback("hubspot", admin, granted)).resolves.toMatchObject({ search: "?error=invalid_state" });
    expect((await connectionsOf(team.workspaceId)).map((c) => c.accessTokenEnc)).toEqual([row?.accessTokenEnc]);
  });

  it("Salesforce with PKCE: the verifier stored at start is sent with the code", async () => {
    const authorizeUrl = await start("salesforce", admin);
    expect(new URL(authorizeUrl).searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const landing = await callback("salesforce", admin, grantCode(doubles.salesforceOAuth, authorizeUrl));
    expect(landing.searchParams.get("connected")).toBe("salesforce");
    expect((await connectionsOf(team.workspaceId)).map((c) => c.provider).sort()).toEqual(["HUBSPOT", "SALESFORCE"]);
    await park(team.workspaceId);
  });

  it("disconnect revokes the grant (its refresh token) and removes the connection", async () => {
    const hubspot = (await connectionsOf(team.workspaceId)).find((c) => c.provider === "HUBSPOT");
    const refreshToken = decrypt(hubspot?.refreshTokenEnc ?? "");
    await callerFor(team.members.ADMIN.userId, team.workspaceId).crm.disconnect({ connectionId: hubspot?.id ?? "" });
    expect(doubles.hubspotOAuth.revoked).toEqual([refreshToken]);
    expect((await connectionsOf(team.workspaceId)).map((c) => c.provider)).toEqual(["SALESFORCE"]);
  });
});
