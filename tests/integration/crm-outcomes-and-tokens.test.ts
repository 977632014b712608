import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { TokenRefreshUnavailableError } from "@/server/channels/tokens/token-errors";
import { CrmAuthError, CrmUnavailableError, type CrmConnector, type CrmOAuthProvider, type CrmOutcome } from "@/server/crm/crm-connector";
import { applyCrmOutcomes } from "@/server/crm/sync/apply-outcomes";
import { runConnectionSync } from "@/server/crm/sync/run-connection-sync";
import { selectChangedLeads } from "@/server/crm/sync/select-changed-leads";
import { syncDueConnections } from "@/server/crm/sync/sync-due-connections";
import { CrmNeedsReauthError, getCrmCredentials } from "@/server/crm/tokens/get-crm-credentials";
import { refreshDueCrmTokens } from "@/server/crm/tokens/refresh-due-crm-tokens";
import { createWebhookConnector } from "@/server/crm/webhook/webhook-connector";
import { decrypt, encrypt } from "@/server/infra/crypto/field-crypto";
import { withTenantSql } from "@/server/infra/db/sql";
import { withTenant } from "@/server/infra/db/tenant";
import { OutboxWriter } from "@/server/infra/outbox/outbox-entry";
import { startWebhookReceiver, type WebhookReceiver } from "../fakes/crm-webhook/receiver";
import { createWebhookConnection, newSecret, readAudit, readConnection, readLeadVersions, readLinks, seedWorkspace, type SeededWorkspace } from "./crm-sync-setup";

const noSleep = async () => undefined;
let receiver: WebhookReceiver;
let secret: string;

beforeAll(async () => {
  secret = newSecret();
  receiver = await startWebhookReceiver({ secret });
});
afterAll(() => receiver.close());

const outboxRows = (workspaceId: string, name: string) => withTenant({ workspaceId }, (tx) => tx.outboxEntry.findMany({ where: { workspaceId, name } }));

describe("outcomes from the CRM", () => {
  it("marks leads WON / LOST by key or by the CRM's id, without echoing them back, saves the cursor and queues retraining", async () => {
    const ws = await seedWorkspace(6, "Outcomes");
    const connectionId = await createWebhookConnection(ws.workspaceId, receiver.url, secret);
    const base = createWebhookConnector({ timeoutMs: 2_000 });
    const pages: Array<{ outcomes: CrmOutcome[]; cursor: string }> = [];
    const cursors: Array<string | null> = [];
    const connector: CrmConnector = {
      ...base,
      async pullOutcomes(_creds, cursor, ctx) {
        await ctx.beforeRequest();
        ctx.afterResponse?.();
        cursors.push(cursor);
        return pages.shift() ?? { outcomes: [], cursor: cursor ?? "c0" };
      },
    };
    expect(await runConnectionSync(ws.workspaceId, connectionId, "MANUAL", { connector, sleep: noSleep })).toMatchObject({ status: "SUCCEEDED", counts: { synced: 6, outcomes: 0 } });
    expect(cursors).toEqual([null]);
    expect((await readConnection(ws.workspaceId, connectionId)).outcomeCursor).toBe("c0");

    // Lead 1 is known to the CRM under its own id only.
    await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.crmLeadLink.updateMany({ where: { leadId: ws.leadIds[1]!, connectionId }, data: { externalId: "crm-77" } }));
    const at = new Date(Date.now() - 3_600_000);
    pages.push({
      outcomes: [
        { externalId: "whatever", externalKey: ws.leadIds[0]!, outcome: "WON", at },
        { externalId: "crm-77", externalKey: null, outcome: "LOST", at },
        { externalId: "unknown", externalKey: "not-a-lead", outcome: "WON", at },
      ],
      cursor: "c1",
    });
    const run = await runConnectionSync(ws.workspaceId, connectionId, "SCHEDULED", { connector, sleep: noSleep });
    expect(run).toMatchObject({ status: "SUCCEEDED", counts: { attempted: 0, outcomes: 2 } });
    expect(cursors.slice(1)).toEqual(["c0", "c1"]);
    const leads = await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.lead.findMany({ where: { id: { in: ws.leadIds.slice(0, 3) } } }));
    const byId = new Map(leads.map((l) => [l.id, l]));
    expect(byId.get(ws.leadIds[0]!)).toMatchObject({ status: "WON", outcomeAt: at });
    expect(byId.get(ws.leadIds[1]!)).toMatchObject({ status: "LOST", outcomeAt: at });
    expect(byId.get(ws.leadIds[2]!)).toMatchObject({ status: "NEW" });
    const audits = await readAudit(ws.workspaceId, "lead.outcome_from_crm");
    expect(audits.map((a) => a.targetId).sort()).toEqual([ws.leadIds[0], ws.leadIds[1]].sort());
    expect(audits[0]!.metadata).toMatchObject({ provider: "WEBHOOK", from: "NEW" });
    expect(await outboxRows(ws.workspaceId, "retrain-scorer")).toHaveLength(1);
    expect((await readConnection(ws.workspaceId, connectionId)).outcomeCursor).toBe("c1");

    // No echo: the verdicts' new versions count as synced.
    const versions = await readLeadVersions(ws.workspaceId);
    const links = await readLinks(ws.workspaceId, connectionId);
    for (const link of links) expect(Number(link.syncedVersion)).toBe(versions.get(link.leadId));
    const upserts = receiver.calls.upsert;
    expect(await runConnectionSync(ws.workspaceId, connectionId, "SCHEDULED", { connector, sleep: noSleep })).toMatchObject({ counts: { attempted: 0 } });
    expect(receiver.calls.upsert).toBe(upserts);

    // The same verdict again changes nothing.
    const outbox = new OutboxWriter();
    const again = await withTenantSql({ workspaceId: ws.workspaceId }, (tx) =>
      applyCrmOutcomes(tx, outbox, { workspaceId: ws.workspaceId, connectionId, provider: "WEBHOOK", outcomes: [{ externalId: "x", externalKey: ws.leadIds[0]!, outcome: "WON", at }], now: new Date() }),
    );
    expect(again).toBe(0);
    expect(outbox.entries).toEqual([]);
  });

  it("a verdict on a lead changed since its last sync leaves the link behind, so the change still goes", async () => {
    const ws = await seedWorkspace(2, "Outcome echo");
    const connectionId = await createWebhookConnection(ws.workspaceId, receiver.url, secret);
    await runConnectionSync(ws.workspaceId, connectionId, "MANUAL", { connector: createWebhookConnector(), sleep: noSleep });
    await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.lead.update({ where: { id: ws.leadIds[0]! }, data: { score: 3 } }));
    await withTenantSql({ workspaceId: ws.workspaceId }, (tx) =>
      applyCrmOutcomes(tx, new OutboxWriter(), { workspaceId: ws.workspaceId, connectionId, provider: "WEBHOOK", outcomes: [{ externalId: "x", externalKey: ws.leadIds[0]!, outcome: "LOST", at: new Date() }], now: new Date() }),
    );
    const changed = await withTenantSql({ workspaceId: ws.workspaceId }, (tx) => selectChangedLeads(tx, ws.workspaceId, connectionId, 10, new Date()));
    expect(changed.map((c) => c.leadId)).toEqual([ws.leadIds[0]]);
  });
});

describe("lead versions and tenancy", () => {
  let ws: SeededWorkspace;
  beforeAll(async () => {
    ws = await seedWorkspace(2, "Versions");
  });
  const versionOf = async (leadId: string) => (await readLeadVersions(ws.workspaceId)).get(leadId)!;

  it("bumps the version on a lead change and on a contact name change, not on a no-op update", async () => {
    const [leadId] = ws.leadIds;
    const v0 = await versionOf(leadId!);
    await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.lead.update({ where: { id: leadId! }, data: { tier: "HOT", score: 91 } }));
    const v1 = await versionOf(leadId!);
    expect(v1).toBe(v0 + 1);
    await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.contact.update({ where: { id: ws.contactIds[0]! }, data: { displayNameEnc: encrypt("New Name") } }));
    const v2 = await versionOf(leadId!);
    expect(v2).toBe(v1 + 1);
    await withTenant({ workspaceId: ws.workspaceId }, async (tx) => {
      await tx.lead.update({ where: { id: leadId! }, data: { tier: "HOT", score: 91 } }); // same values
      await tx.contact.update({ where: { id: ws.contactIds[0]! }, data: { followers: 12 } }); // not shown in a CRM
    });
    expect(await versionOf(leadId!)).toBe(v2);
  });

  it("hides another workspace's links (row-level security)", async () => {
    const a = await seedWorkspace(3, "Tenant A");
    const b = await seedWorkspace(1, "Tenant B");
    const connectionId = await createWebhookConnection(a.workspaceId, receiver.url, secret);
    await runConnectionSync(a.workspaceId, connectionId, "MANUAL", { connector: createWebhookConnector(), sleep: noSleep });
    expect(await readLinks(a.workspaceId, connectionId)).toHaveLength(3);
    expect(await readLinks(b.workspaceId, connectionId)).toHaveLength(0);
    const touched = await withTenant({ workspaceId: b.workspaceId }, (tx) => tx.crmLeadLink.updateMany({ where: { connectionId }, data: { state: "DEAD" } }));
    expect(touched.count).toBe(0);
    // A run in the wrong workspace does not find the connection at all.
    expect(await runConnectionSync(b.workspaceId, connectionId, "MANUAL", { connector: createWebhookConnector(), sleep: noSleep })).toEqual({ status: "busy" });
  });

  it("the fan-out publishes one job per due connection, deduplicated per window, and skips a leased one", async () => {
    const c = await seedWorkspace(1, "Fan-out");
    const due = await createWebhookConnection(c.workspaceId, receiver.url, secret);
    const published: Array<{ connectionId: string; dedupId: string | undefined }> = [];
    const publish = vi.fn(async (_name: string, items: ReadonlyArray<{ payload: { connectionId: string }; opts?: { dedupId?: string } }>) =>
      items.map((i) => (published.push({ connectionId: i.payload.connectionId, dedupId: i.opts?.dedupId }), { id: null, deduplicated: false })),
    );
    await syncDueConnections({ publish } as never);
    const mine = published.filter((p) => p.connectionId === due);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.dedupId).toMatch(new RegExp(`^${due}\\.crm-sync\\.scheduled\\.\\d+$`));
    await withTenant({ workspaceId: c.workspaceId }, (tx) => tx.crmConnection.update({ where: { id: due }, data: { leaseOwner: "x", leaseUntil: new Date(Date.now() + 60_000) } }));
    published.length = 0;
    await syncDueConnections({ publish } as never);
    expect(published.filter((p) => p.connectionId === due)).toHaveLength(0);
  });
});

describe("CRM tokens", () => {
  let ws: SeededWorkspace;
  beforeAll(async () => {
    ws = await seedWorkspace(3, "Tokens");
  });
  // Expiring OAuth rows are picked by the refresh job across workspaces: none is left behind.
  afterAll(() => withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.crmConnection.deleteMany({ where: { provider: { not: "WEBHOOK" } } })));

  function oauth(refresh: CrmOAuthProvider["refresh"]): CrmOAuthProvider {
    return { id: "hubspot", usesPkce: false, configured: () => true, authorizeUrl: () => "", exchange: async () => { throw new Error("unused"); }, refresh };
  }

  async function oauthConnection(expiresInMs: number, provider: "HUBSPOT" | "SALESFORCE" = "HUBSPOT") {
    await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.crmConnection.deleteMany({ where: { provider } }));
    const row = await withTenant({ workspaceId: ws.workspaceId }, (tx) =>
      tx.crmConnection.create({
        data: {
          workspaceId: ws.workspaceId, provider, accessTokenEnc: encrypt("access-1"), refreshTokenEnc: encrypt("refresh-1"),
          tokenExpiresAt: new Date(Date.now() + expiresInMs), metadata: { url: receiver.url },
        },
      }),
    );
    return row.id;
  }

  it("hands out a fresh token as it is, refreshes an expiring one once for concurrent callers, and keeps the old refresh token when none is returned", async () => {
    const fresh = await oauthConnection(60 * 60_000);
    const refresh = vi.fn(async () => ({ accessToken: "access-2", refreshToken: null, expiresAt: new Date(Date.now() + 30 * 60_000) }));
    expect(await getCrmCredentials(ws.workspaceId, fresh, { oauth: oauth(refresh) })).toMatchObject({ accessToken: "access-1", metadata: { url: receiver.url } });
    expect(refresh).not.toHaveBeenCalled();

    const expiring = await oauthConnection(60_000, "SALESFORCE");
    const creds = await Promise.all([1, 2, 3].map(() => getCrmCredentials(ws.workspaceId, expiring, { oauth: oauth(refresh) })));
    expect(creds.map((c) => c.accessToken)).toEqual(["access-2", "access-2", "access-2"]);
    expect(refresh).toHaveBeenCalledTimes(1);
    const row = await readConnection(ws.workspaceId, expiring);
    expect(decrypt(row.accessTokenEnc!)).toBe("access-2");
    expect(decrypt(row.refreshTokenEnc!)).toBe("refresh-1"); // Salesforce-style: the old refresh token stays
  });

  it("a transient refresh failure changes nothing; a refused refresh marks NEEDS_REAUTH with audit and a realtime event", async () => {
    const id = await oauthConnection(60_000);
    await expect(getCrmCredentials(ws.workspaceId, id, { oauth: oauth(async () => { throw new CrmUnavailableError("503"); }) })).rejects.toBeInstanceOf(TokenRefreshUnavailableError);
    expect(await readConnection(ws.workspaceId, id)).toMatchObject({ status: "ACTIVE" });

    await expect(getCrmCredentials(ws.workspaceId, id, { oauth: oauth(async () => { throw new CrmAuthError("invalid_grant"); }) })).rejects.toBeInstanceOf(CrmNeedsReauthError);
    expect(await readConnection(ws.workspaceId, id)).toMatchObject({ status: "NEEDS_REAUTH" });
    const audits = (await readAudit(ws.workspaceId, "crm.needs_reauth")).filter((a) => a.targetId === id);
    expect(audits).toHaveLength(1);
    expect(audits[0]!.metadata).toMatchObject({ reason: "refresh_rejected" });
    const events = await outboxRows(ws.workspaceId, "crm.status");
    expect(events.map((e) => e.payload)).toContainEqual({ type: "crm.status", connectionId: id, status: "needs_reauth" });
    await expect(getCrmCredentials(ws.workspaceId, id)).rejects.toBeInstanceOf(CrmNeedsReauthError);
  });

  it("the refresh-tokens job refreshes expiring CRM tokens and marks a refused one NEEDS_REAUTH", async () => {
    const good = await oauthConnection(5 * 60_000, "HUBSPOT");
    const bad = await oauthConnection(5 * 60_000, "SALESFORCE");
    const fresh = vi.fn(async () => ({ accessToken: "access-new", refreshToken: "refresh-new", expiresAt: new Date(Date.now() + 30 * 60_000) }));
    const refused = vi.fn(async () => { throw new CrmAuthError("invalid_grant"); });
    const report = await refreshDueCrmTokens({ publish: async () => [] } as never, new Date(), (row) => (row.id === good ? oauth(fresh) : row.id === bad ? oauth(refused) : null));
    expect(report.needsReauth).toBeGreaterThanOrEqual(1);
    expect(fresh).toHaveBeenCalledTimes(1);
    expect(refused).toHaveBeenCalledTimes(1);
    const goodRow = await readConnection(ws.workspaceId, good);
    expect(decrypt(goodRow.accessTokenEnc!)).toBe("access-new");
    expect(decrypt(goodRow.refreshTokenEnc!)).toBe("refresh-new");
    expect(await readConnection(ws.workspaceId, bad)).toMatchObject({ status: "NEEDS_REAUTH" });
  });

  it("a sync whose token the CRM refuses refreshes it once and carries on; refused again, the connection needs re-auth and its leads wait", async () => {
    const id = await oauthConnection(60 * 60_000);
    let valid = "access-2";
    const base = createWebhookConnector();
    const connector: CrmConnector = {
      ...base,
      async upsert(creds, records, mapping, ctx) {
        if (creds.accessToken !== valid) throw new CrmAuthError("401 token expired");
        return base.upsert({ ...creds, accessToken: secret }, records, mapping, ctx);
      },
      attachNotes: async () => [],
    };
    let n = 2;
    const refresh = vi.fn(async () => ({ accessToken: `access-${n++}`, refreshToken: `refresh-${n}`, expiresAt: new Date(Date.now() + 30 * 60_000) }));
    const ok = await runConnectionSync(ws.workspaceId, id, "MANUAL", { connector, oauth: oauth(refresh), sleep: noSleep });
    expect(ok).toMatchObject({ status: "SUCCEEDED", counts: { synced: 3 } });
    expect(refresh).toHaveBeenCalledTimes(1);

    valid = "never";
    await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.lead.updateMany({ where: { workspaceId: ws.workspaceId }, data: { reason: "changed" } }));
    const refused = await runConnectionSync(ws.workspaceId, id, "SCHEDULED", { connector, oauth: oauth(refresh), sleep: noSleep });
    expect(refused).toMatchObject({ status: "FAILED", counts: { synced: 0 } });
    expect(refresh).toHaveBeenCalledTimes(2); // one forced refresh, then give up
    expect(await readConnection(ws.workspaceId, id)).toMatchObject({ status: "NEEDS_REAUTH" });
    const links = await readLinks(ws.workspaceId, id);
    expect(links.every((l) => l.state === "SYNCED" && l.attempts === 0)).toBe(true); // untouched, still behind
  });
});
