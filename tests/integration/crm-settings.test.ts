import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { decrypt, encrypt } from "@/server/infra/crypto/field-crypto";
import { withTenant } from "@/server/infra/db/tenant";
import { CrmRateLimitedError, CrmUnavailableError } from "@/server/crm/crm-connector";
import { connectWebhook } from "@/server/crm/manage/connect-webhook";
import { callerFor, createWorkspaceWithTeam } from "../helpers/factories";
import { doubles } from "../helpers/crm-settings-doubles";

vi.mock("@/server/crm/crm-registry", async (importOriginal) => {
  const { registryWithDoubles } = await import("../helpers/crm-settings-doubles");
  return registryWithDoubles(await importOriginal());
});
// Relayed jobs stay in the outbox table, where the tests read them (and no sync runs behind their back).
vi.mock("@/server/infra/outbox/app-publisher", () => ({
  appPublisher: () => ({
    publishJobs: async () => Promise.reject(new Error("held for the test")),
    publishEvent: async () => Promise.reject(new Error("held for the test")),
  }),
}));

/**
 * Settings -> CRM through the tRPC router: connecting by API token and by webhook, test,
 * fields, mapping, interval, sync now, runs, failed leads and retry, disconnect. The CRM
 * doubles (tests/helpers/crm-settings-harness.ts) fail on demand with the connectors' typed
 * errors; the webhook is the real connector posting to a local receiver.
 */
let team: Awaited<ReturnType<typeof createWorkspaceWithTeam>>;
let other: Awaited<ReturnType<typeof createWorkspaceWithTeam>>;
let receiver: Server;
let receiverUrl: string;
let receiverStatus = 200;

const as = (role: "ADMIN" | "AGENT" | "VIEWER", t = team) => callerFor(t.members[role].userId, t.workspaceId);

async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

const connectionsOf = (workspaceId: string) => withTenant({ workspaceId }, (tx) => tx.crmConnection.findMany({ where: { workspaceId } }));
const auditOf = (workspaceId: string) => withTenant({ workspaceId }, (tx) => tx.auditLog.findMany({ where: { workspaceId, action: { startsWith: "crm." } }, orderBy: { createdAt: "asc" } }));
const syncJobs = (workspaceId: string) =>
  withTenant({ workspaceId }, (tx) => tx.outboxEntry.findMany({ where: { workspaceId, name: "crm-sync-connection" }, orderBy: { createdAt: "asc" } }));
/** Out of the scheduler's way: a fan-out in another test file must never pick this file's connections. */
const park = (workspaceId: string) =>
  withTenant({ workspaceId }, (tx) => tx.crmConnection.updateMany({ where: { workspaceId }, data: { nextSyncAt: new Date("2999-01-01T00:00:00Z") } }));

beforeAll(async () => {
  receiver = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on("end", () => res.writeHead(receiverStatus, { "content-type": "application/json" }).end(receiverStatus < 300 ? "{}" : '{"error":"nope"}'));
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/leadline`;
  team = await createWorkspaceWithTeam("CRM settings");
  other = await createWorkspaceWithTeam("CRM elsewhere");
});

afterAll(async () => {
  receiver.close();
});

beforeEach(() => {
  doubles.pipedrive.reset();
  receiverStatus = 200;
});

describe("providers", () => {
  it("lists how each CRM connects, for every member", async () => {
    const providers = await as("VIEWER").crm.providers();
    const byProvider = Object.fromEntries(providers.map((p) => [p.provider, p]));
    expect(byProvider.HUBSPOT?.oauth).toMatchObject({ configured: true, startUrl: "/api/oauth/hubspot/start" });
    expect(byProvider.PIPEDRIVE).toMatchObject({ apiToken: { hint: expect.any(String) }, webhook: false });
    expect(byProvider.WEBHOOK).toMatchObject({ oauth: null, apiToken: null, webhook: true });
  });
});

describe("connecting Pipedrive by API token", () => {
  const token = "0123456789abcdef0123456789abcdef01234567";

  it("refuses bad input before calling the CRM", async () => {
    const admin = as("ADMIN");
    expect((await failure(admin.crm.connectApiToken({ provider: "PIPEDRIVE", token: "   " }))).code).toBe("BAD_REQUEST");
    expect((await failure(admin.crm.connectApiToken({ provider: "PIPEDRIVE", token: "has spaces in it" }))).code).toBe("BAD_REQUEST");
    // @ts-expect-error an unknown provider is refused by the schema
    expect((await failure(admin.crm.connectApiToken({ provider: "ZOHO", token }))).code).toBe("BAD_REQUEST");
    // @ts-expect-error HubSpot connects by OAuth only
    expect((await failure(admin.crm.connectApiToken({ provider: "HUBSPOT", token }))).code).toBe("BAD_REQUEST");
    expect(doubles.pipedrive.calls).toEqual([]);
    expect(await connectionsOf(team.workspaceId)).toEqual([]);
  });

  it("a token the CRM refuses is reported without the token, and nothing is stored", async () => {
    const error = await failure(as("ADMIN").crm.connectApiToken({ provider: "PIPEDRIVE", token }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/Pipedrive refused the credentials/);
    expect(error.message).not.toContain(token);
    expect(error.message).toContain("[redacted]");
    expect(await connectionsOf(team.workspaceId)).toEqual([]);
  });

  it("the CRM down or rate-limiting: a clear error, nothing stored half-way", async () => {
    doubles.pipedrive.validTokens.add(token);
    doubles.pipedrive.faults.push(new CrmUnavailableError("Pipedrive GET /users/me failed with HTTP 503"));
    const down = await failure(as("ADMIN").crm.connectApiToken({ provider: "PIPEDRIVE", token }));
    expect(down.message).toMatch(/Pipedrive did not answer\. Try again in a moment\. \(Pipedrive GET \/users\/me failed with HTTP 503\)/);
    doubles.pipedrive.faults.push(new CrmRateLimitedError("Pipedrive rate-limited", 2_500, "burst"));
    const limited = await failure(as("ADMIN").crm.connectApiToken({ provider: "PIPEDRIVE", token }));
    expect(limited.code).toBe("TOO_MANY_REQUESTS");
    expect(limited.message).toMatch(/Try again in 3 s/);
    expect(await connectionsOf(team.workspaceId)).toEqual([]);
    expect((await auditOf(team.workspaceId)).filter((a) => a.action === "crm.connected")).toEqual([]);
  });

  it("agents and viewers cannot connect", async () => {
    doubles.pipedrive.validTokens.add(token);
    expect((await failure(as("AGENT").crm.connectApiToken({ provider: "PIPEDRIVE", token }))).code).toBe("FORBIDDEN");
    expect((await failure(as("VIEWER").crm.connectApiToken({ provider: "PIPEDRIVE", token }))).code).toBe("FORBIDDEN");
    expect(doubles.pipedrive.calls).toEqual([]);
  });

  it("an accepted token is stored encrypted, labelled with the account, mapped by default, audited and synced", async () => {
    doubles.pipedrive.validTokens.add(token);
    const result = await as("ADMIN").crm.connectApiToken({ provider: "PIPEDRIVE", token });
    expect(result).toMatchObject({ label: "Owen Bikes (Pipedrive)", reconnected: false });
    const [row] = await connectionsOf(team.workspaceId);
    expect(row).toMatchObject({ provider: "PIPEDRIVE", status: "ACTIVE", label: "Owen Bikes (Pipedrive)", connectedById: team.members.ADMIN.userId, fieldMapping: { name: "name", email: "email" } });
    expect(row?.credentialsEnc).not.toContain(token);
    expect(decrypt(row?.credentialsEnc ?? "")).toBe(token);
    const jobs = await syncJobs(team.workspaceId);
    expect(jobs.map((j) => j.payload)).toContainEqual({ workspaceId: team.workspaceId, connectionId: result.connectionId, trigger: "CONNECTED" });
    const audit = (await auditOf(team.workspaceId)).find((a) => a.action === "crm.connected");
    expect(audit?.metadata).toEqual({ provider: "PIPEDRIVE", method: "apiToken" });
    await park(team.workspaceId);
  });

  it("lists the connection to every member without any secret", async () => {
    for (const role of ["ADMIN", "AGENT", "VIEWER"] as const) {
      const list = await as(role).crm.list();
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ provider: "PIPEDRIVE", status: "ACTIVE", effectiveSyncMinutes: 5, counts: { PENDING: 0, SYNCED: 0, FAILED: 0, DEAD: 0 } });
      const json = JSON.stringify(list);
      expect(json).not.toContain(token);
      expect(json).not.toMatch(/Enc"/);
    }
  });
});

describe("a connected CRM: test, fields, mapping, settings", () => {
  const token = "0123456789abcdef0123456789abcdef01234567";
  let connectionId: string;

  beforeAll(async () => {
    connectionId = (await as("ADMIN").crm.list()).find((c) => c.provider === "PIPEDRIVE")?.id ?? "";
    expect(connectionId).not.toBe("");
  });

  it("test names the account; fields lists the CRM's properties (admins only)", async () => {
    doubles.pipedrive.validTokens.add(token);
    await expect(as("ADMIN").crm.test({ connectionId })).resolves.toEqual({ account: "Owen Bikes (Pipedrive)" });
    expect(doubles.pipedrive.calls).toEqual([{ method: "testConnection", token }]);
    const fields = await as("ADMIN").crm.fields({ connectionId });
    expect(fields.map((f) => f.name)).toEqual(["name", "email", "leadline_score"]);
    expect((await failure(as("AGENT").crm.test({ connectionId }))).code).toBe("FORBIDDEN");
    expect((await failure(as("VIEWER").crm.fields({ connectionId }))).code).toBe("FORBIDDEN");
  });

  it("another workspace's connection id is not found", async () => {
    expect((await failure(callerFor(other.members.ADMIN.userId, other.workspaceId).crm.test({ connectionId }))).code).toBe("NOT_FOUND");
    expect((await failure(callerFor(other.members.ADMIN.userId, other.workspaceId).crm.disconnect({ connectionId }))).code).toBe("NOT_FOUND");
    // Reads too: an empty list would say "this id exists somewhere" no less than an error does.
    await expect(callerFor(other.members.ADMIN.userId, other.workspaceId).crm.runs({ connectionId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerFor(other.members.ADMIN.userId, other.workspaceId).crm.failedLeads({ connectionId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("a test failing because the CRM is down says so and changes nothing", async () => {
    doubles.pipedrive.validTokens.add(token);
    doubles.pipedrive.faults.push(new CrmUnavailableError("Pipedrive GET /users/me timed out"));
    const error = await failure(as("ADMIN").crm.test({ connectionId }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/did not answer/);
    expect((await connectionsOf(team.workspaceId))[0]?.status).toBe("ACTIVE");
  });

  it("mapping: an unknown Leadline field or a doubled property is refused by name", async () => {
    const unknown = await failure(as("ADMIN").crm.updateMapping({ connectionId, mapping: { name: "name", favouriteColour: "email" } }));
    expect(unknown.code).toBe("BAD_REQUEST");
    expect(JSON.stringify(unknown.cause)).toContain("favouriteColour");
    const doubled = await failure(as("ADMIN").crm.updateMapping({ connectionId, mapping: { name: "email", email: "email" } }));
    expect(doubled.message).toContain('name and email both fill \\"email\\"');
    const empty = await failure(as("ADMIN").crm.updateMapping({ connectionId, mapping: { name: " " } }));
    expect(empty.code).toBe("BAD_REQUEST");
    expect(doubles.pipedrive.calls).toEqual([]);
  });

  it("mapping: a CRM property that does not exist is reported clearly and nothing is saved", async () => {
    doubles.pipedrive.validTokens.add(token);
    const error = await failure(as("ADMIN").crm.updateMapping({ connectionId, mapping: { name: "name", score: "lead_score_gone" } }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain('Pipedrive has no property "lead_score_gone"');
    expect((await connectionsOf(team.workspaceId))[0]?.fieldMapping).toEqual({ name: "name", email: "email" });
  });

  it("mapping: a valid one is saved and audited with field names only", async () => {
    doubles.pipedrive.validTokens.add(token);
    await as("ADMIN").crm.updateMapping({ connectionId, mapping: { name: "name", score: "leadline_score" } });
    expect((await connectionsOf(team.workspaceId))[0]?.fieldMapping).toEqual({ name: "name", score: "leadline_score" });
    const audit = (await auditOf(team.workspaceId)).filter((a) => a.action === "crm.mapping.update");
    expect(audit.map((a) => a.metadata)).toEqual([{ fields: ["name", "score"] }]);
    expect((await as("VIEWER").crm.list())[0]?.mapping).toEqual({ name: "name", score: "leadline_score" });
  });

  it("settings: the interval must be 5 to 1440 minutes; null follows the workspace", async () => {
    const admin = as("ADMIN");
    expect((await failure(admin.crm.updateSettings({ connectionId, syncMinutes: 4 }))).code).toBe("BAD_REQUEST");
    expect((await failure(admin.crm.updateSettings({ connectionId, syncMinutes: 1441 }))).code).toBe("BAD_REQUEST");
    expect((await failure(admin.crm.updateSettings({ connectionId, syncMinutes: 7.5 }))).code).toBe("BAD_REQUEST");
    await expect(admin.crm.updateSettings({ connectionId, syncMinutes: 30, enabled: false })).resolves.toEqual({ syncMinutes: 30, enabled: false });
    expect((await admin.crm.list())[0]).toMatchObject({ syncMinutes: 30, effectiveSyncMinutes: 30, enabled: false });
    // A shorter interval pulls a far-off planned run forward.
    const row = (await connectionsOf(team.workspaceId))[0];
    expect(row?.nextSyncAt?.getTime()).toBeLessThanOrEqual(Date.now() + 30 * 60_000 + 1000);
    await admin.crm.updateSettings({ connectionId, syncMinutes: null, enabled: true });
    expect((await admin.crm.list())[0]).toMatchObject({ syncMinutes: null, effectiveSyncMinutes: 5, enabled: true });
    // The workspace default (Settings) has the same bounds, and a connection without its own follows it.
    expect((await failure(admin.workspace.updateSettings({ crmSyncMinutes: 4 }))).code).toBe("BAD_REQUEST");
    await admin.workspace.updateSettings({ crmSyncMinutes: 60 });
    expect((await admin.crm.list())[0]).toMatchObject({ syncMinutes: null, effectiveSyncMinutes: 60 });
    await admin.workspace.updateSettings({ crmSyncMinutes: 5 });
    expect((await failure(as("AGENT").crm.updateSettings({ connectionId, enabled: false }))).code).toBe("FORBIDDEN");
    await park(team.workspaceId);
  });

  it("a test the CRM refuses marks the connection for re-auth; sync now is then refused", async () => {
    const error = await failure(as("ADMIN").crm.test({ connectionId }));
    expect(error.message).toMatch(/refused the credentials/);
    expect(error.message).not.toContain(token);
    expect((await connectionsOf(team.workspaceId))[0]?.status).toBe("NEEDS_REAUTH");
    expect((await auditOf(team.workspaceId)).filter((a) => a.action === "crm.tested").map((a) => a.metadata)).toContainEqual({ ok: false });
    const sync = await failure(as("ADMIN").crm.syncNow({ connectionId }));
    expect(sync.message).toMatch(/needs to be reconnected/);
  });

  it("reconnecting with a good token makes it ACTIVE again and keeps the mapping", async () => {
    const fresh = "fedcba9876543210fedcba9876543210fedcba98";
    doubles.pipedrive.validTokens.add(fresh);
    await expect(as("ADMIN").crm.connectApiToken({ provider: "PIPEDRIVE", token: fresh })).resolves.toMatchObject({ connectionId, reconnected: true });
    const [row] = await connectionsOf(team.workspaceId);
    expect(row).toMatchObject({ status: "ACTIVE", lastError: null, fieldMapping: { name: "name", score: "leadline_score" } });
    expect(decrypt(row?.credentialsEnc ?? "")).toBe(fresh);
    await park(team.workspaceId);
  });
});

describe("sync now, runs, failed leads and retry", () => {
  let ws: Awaited<ReturnType<typeof createWorkspaceWithTeam>>;
  let connectionId: string;
  let linkId: string;
  const token = "aaaaaaaaaabbbbbbbbbbccccccccccdddddddddd";

  beforeAll(async () => {
    ws = await createWorkspaceWithTeam("CRM runs");
    doubles.pipedrive.validTokens.add(token);
    connectionId = (await as("ADMIN", ws).crm.connectApiToken({ provider: "PIPEDRIVE", token })).connectionId;
    await park(ws.workspaceId);
    linkId = await withTenant({ workspaceId: ws.workspaceId }, async (tx) => {
      const channel = await tx.channel.findFirstOrThrow({ where: { platform: "DEMO" } });
      const contact = await tx.contact.create({ data: { workspaceId: ws.workspaceId, channelId: channel.id, platformUserHash: `crm-${connectionId}`, platformUserIdEnc: encrypt("u"), displayNameEnc: encrypt("Dana Shopper") } });
      const lead = await tx.lead.create({ data: { workspaceId: ws.workspaceId, contactId: contact.id, tier: "HOT", score: 91 } });
      const link = await tx.crmLeadLink.create({ data: { workspaceId: ws.workspaceId, leadId: lead.id, connectionId, state: "FAILED", attempts: 3, lastError: "Pipedrive refused the email field (invalid format)" } });
      for (let i = 0; i < 22; i++) {
        await tx.crmSyncRun.create({ data: { workspaceId: ws.workspaceId, connectionId, status: i === 21 ? "PARTIAL" : "SUCCEEDED", trigger: "SCHEDULED", attempted: i, created: i, calls: 1, durationMs: 100, startedAt: new Date(Date.now() - (22 - i) * 60_000), finishedAt: new Date() } });
      }
      return link.id;
    });
  });

  it("runs: the last 20, newest first, for every member", async () => {
    const runs = await as("VIEWER", ws).crm.runs({ connectionId });
    expect(runs).toHaveLength(20);
    expect(runs[0]).toMatchObject({ status: "PARTIAL", attempted: 21, calls: 1, durationMs: 100, trigger: "SCHEDULED" });
  });

  it("failed leads: the CRM's reason, tier and score; names for agents and admins, not viewers", async () => {
    const forAdmin = await as("ADMIN", ws).crm.failedLeads({ connectionId });
    expect(forAdmin.total).toBe(1);
    expect(forAdmin.leads[0]).toMatchObject({ linkId, state: "FAILED", reason: "Pipedrive refused the email field (invalid format)", tier: "HOT", score: 91, contactName: "Dana Shopper", attempts: 3 });
    expect((await as("AGENT", ws).crm.failedLeads({ connectionId })).leads[0]?.contactName).toBe("Dana Shopper");
    const forViewer = await as("VIEWER", ws).crm.failedLeads({ connectionId });
    expect(forViewer.leads[0]?.contactName).toBeNull();
    expect(JSON.stringify(forViewer)).not.toContain("Dana");
    expect((await as("VIEWER", ws).crm.list())[0]?.counts).toEqual({ PENDING: 0, SYNCED: 0, FAILED: 1, DEAD: 0 });
  });

  it("the leads list shows the lead's state in each CRM", async () => {
    const leads = await as("VIEWER", ws).leads.list();
    expect(leads[0]?.crm).toEqual([{ provider: "PIPEDRIVE", label: "Owen Bikes (Pipedrive)", state: "FAILED", reason: "Pipedrive refused the email field (invalid format)", syncedAt: null }]);
  });

  it("retry: admins only; the link goes back to pending and a RETRY sync is requested; twice is not found", async () => {
    expect((await failure(as("AGENT", ws).crm.retryLead({ linkId }))).code).toBe("FORBIDDEN");
    await expect(as("ADMIN", ws).crm.retryLead({ linkId })).resolves.toEqual({ retried: true });
    const link = await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.crmLeadLink.findUniqueOrThrow({ where: { id: linkId } }));
    expect(link).toMatchObject({ state: "PENDING", attempts: 0, lastError: null });
    expect((await syncJobs(ws.workspaceId)).map((j) => (j.payload as { trigger: string }).trigger)).toContain("RETRY");
    expect((await failure(as("ADMIN", ws).crm.retryLead({ linkId }))).code).toBe("NOT_FOUND");
    expect((await auditOf(ws.workspaceId)).filter((a) => a.action === "crm.lead.retry")).toHaveLength(1);
  });

  it("sync now: requests a MANUAL run, audited, limited per workspace", async () => {
    const admin = as("ADMIN", ws);
    await expect(admin.crm.syncNow({ connectionId })).resolves.toEqual({ requested: true });
    expect((await syncJobs(ws.workspaceId)).map((j) => (j.payload as { trigger: string }).trigger)).toContain("MANUAL");
    expect((await failure(as("VIEWER", ws).crm.syncNow({ connectionId }))).code).toBe("FORBIDDEN");
    for (let i = 0; i < 4; i++) await admin.crm.syncNow({ connectionId });
    const limited = await failure(admin.crm.syncNow({ connectionId }));
    expect(limited.code).toBe("TOO_MANY_REQUESTS");
    expect((await auditOf(ws.workspaceId)).filter((a) => a.action === "crm.sync_now")).toHaveLength(5);
  });

  it("two admins connecting at once: both succeed, one connection", async () => {
    const race = await createWorkspaceWithTeam("CRM race");
    doubles.pipedrive.validTokens.add(token);
    const results = await Promise.all([as("ADMIN", race).crm.connectApiToken({ provider: "PIPEDRIVE", token }), as("ADMIN", race).crm.connectApiToken({ provider: "PIPEDRIVE", token })]);
    expect(new Set(results.map((r) => r.connectionId)).size).toBe(1);
    expect(await connectionsOf(race.workspaceId)).toHaveLength(1);
    await park(race.workspaceId);
  });

  it("sync now is refused while sync is paused", async () => {
    const paused = await createWorkspaceWithTeam("CRM paused");
    doubles.pipedrive.validTokens.add(token);
    const { connectionId: id } = await as("ADMIN", paused).crm.connectApiToken({ provider: "PIPEDRIVE", token });
    await as("ADMIN", paused).crm.updateSettings({ connectionId: id, enabled: false });
    expect((await failure(as("ADMIN", paused).crm.syncNow({ connectionId: id }))).message).toMatch(/paused/);
  });

  it("disconnect: admins only; the connection, its links and runs are gone, audited", async () => {
    expect((await failure(as("AGENT", ws).crm.disconnect({ connectionId }))).code).toBe("FORBIDDEN");
    await expect(as("ADMIN", ws).crm.disconnect({ connectionId })).resolves.toEqual({ disconnected: true });
    expect(await connectionsOf(ws.workspaceId)).toEqual([]);
    const left = await withTenant({ workspaceId: ws.workspaceId }, async (tx) => ({ links: await tx.crmLeadLink.count({ where: { connectionId } }), runs: await tx.crmSyncRun.count({ where: { connectionId } }), leads: await tx.lead.count() }));
    expect(left).toEqual({ links: 0, runs: 0, leads: 1 });
    expect((await auditOf(ws.workspaceId)).find((a) => a.action === "crm.disconnected")?.metadata).toEqual({ provider: "PIPEDRIVE", links: 1 });
    expect((await failure(as("ADMIN", ws).crm.disconnect({ connectionId }))).code).toBe("NOT_FOUND");
  });
});

describe("the signed webhook", () => {
  let ws: Awaited<ReturnType<typeof createWorkspaceWithTeam>>;

  beforeAll(async () => {
    ws = await createWorkspaceWithTeam("CRM webhook");
  });

  it("refuses bad URLs with a clear message", async () => {
    const admin = as("ADMIN", ws);
    for (const url of ["", "not a url", "ftp://example.com/x", "http://example.com/plain-http-to-a-remote-host", "https://user:pass@example.com/hook"]) {
      const error = await failure(admin.crm.connectWebhook({ url }));
      expect(error.code, url).toBe("BAD_REQUEST");
    }
    expect(await connectionsOf(ws.workspaceId)).toEqual([]);
  });

  it("in production: http and private addresses are refused", async () => {
    const actor = { userId: ws.members.ADMIN.userId, workspaceId: ws.workspaceId, role: "ADMIN" as const, tenant: <T,>(fn: Parameters<typeof withTenant<T>>[1]) => withTenant({ workspaceId: ws.workspaceId }, fn) };
    await expect(connectWebhook(actor as never, { url: receiverUrl }, { production: true })).rejects.toThrow(/https/);
    await expect(connectWebhook(actor as never, { url: "https://10.1.2.3/hook" }, { production: true })).rejects.toThrow(/private or reserved/);
    expect(await connectionsOf(ws.workspaceId)).toEqual([]);
  });

  it("connects with a secret shown once, stored encrypted, never listed; no delivery until tested", async () => {
    const { secret, connectionId } = await as("ADMIN", ws).crm.connectWebhook({ url: receiverUrl });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const [row] = await connectionsOf(ws.workspaceId);
    expect(row?.credentialsEnc).not.toContain(secret);
    expect(decrypt(row?.credentialsEnc ?? "")).toBe(secret);
    expect(row?.nextSyncAt?.getTime()).toBeGreaterThan(Date.now() + 5 * 60_000);
    expect(await syncJobs(ws.workspaceId)).toEqual([]);
    await park(ws.workspaceId);
    const forAdmin = await as("ADMIN", ws).crm.list();
    const forViewer = await as("VIEWER", ws).crm.list();
    expect(forAdmin[0]).toMatchObject({ id: connectionId, webhookUrl: receiverUrl, webhookHost: new URL(receiverUrl).host });
    expect(forViewer[0]).toMatchObject({ webhookUrl: null, webhookHost: new URL(receiverUrl).host });
    for (const list of [forAdmin, forViewer]) expect(JSON.stringify(list)).not.toContain(secret);
    const audit = await auditOf(ws.workspaceId);
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it("test posts a signed ping to the receiver; a failing receiver is reported", async () => {
    const connectionId = (await as("ADMIN", ws).crm.list())[0]?.id ?? "";
    await expect(as("ADMIN", ws).crm.test({ connectionId })).resolves.toEqual({ account: new URL(receiverUrl).host });
    receiverStatus = 500;
    const error = await failure(as("ADMIN", ws).crm.test({ connectionId }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/^Signed webhook/);
  });

  it("connecting again rotates the secret", async () => {
    const [before] = await connectionsOf(ws.workspaceId);
    const { secret, reconnected } = await as("ADMIN", ws).crm.connectWebhook({ url: receiverUrl });
    const [after] = await connectionsOf(ws.workspaceId);
    expect(reconnected).toBe(true);
    expect(decrypt(after?.credentialsEnc ?? "")).toBe(secret);
    expect(decrypt(before?.credentialsEnc ?? "")).not.toBe(secret);
    await park(ws.workspaceId);
  });
});

describe("the audit trail", () => {
  it("holds every CRM action of the workspace, without a token, secret or lead name", async () => {
    const audit = await auditOf(team.workspaceId);
    expect(new Set(audit.map((a) => a.action))).toEqual(new Set(["crm.connected", "crm.tested", "crm.mapping.update", "crm.settings.update", "crm.needs_reauth", "crm.reconnected"]));
    const json = JSON.stringify(audit);
    for (const secret of ["0123456789abcdef0123456789abcdef01234567", "fedcba9876543210fedcba9876543210fedcba98"]) expect(json).not.toContain(secret);
  });
});
