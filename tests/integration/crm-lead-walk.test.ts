/**
 * How a sync run walks the workspace's leads (select-changed-leads.ts, batch-source.ts): each turn
 * resumes after the last lead taken, leads in flight stay out, and a lead that changes during the
 * run is met again further along.
 */
import { describe, expect, it } from "vitest";
import { BatchSource } from "@/server/crm/sync/batch-source";
import { runConnectionSync } from "@/server/crm/sync/run-connection-sync";
import { selectChangedLeads } from "@/server/crm/sync/select-changed-leads";
import { createWebhookConnector } from "@/server/crm/webhook/webhook-connector";
import { withTenantSql } from "@/server/infra/db/sql";
import { withTenant } from "@/server/infra/db/tenant";
import { startWebhookReceiver } from "../fakes/crm-webhook/receiver";
import { createWebhookConnection, newSecret, readLinks, seedWorkspace } from "./crm-sync-setup";

const select = (workspaceId: string, connectionId: string, limit: number, opts: Parameters<typeof selectChangedLeads>[5] = {}) =>
  withTenantSql({ workspaceId }, (tx) => selectChangedLeads(tx, workspaceId, connectionId, limit, new Date(), opts));

describe("the walk through a workspace's leads", () => {
  it("resumes after the last lead taken, oldest change first, and leaves out what is in flight", async () => {
    const ws = await seedWorkspace(7, "Walk");
    const connectionId = await createWebhookConnection(ws.workspaceId, "https://receiver.invalid/hook", newSecret());
    const all = await select(ws.workspaceId, connectionId, 100);
    expect(all).toHaveLength(7);
    const first = await select(ws.workspaceId, connectionId, 3);
    expect(first.map((c) => c.leadId)).toEqual(all.slice(0, 3).map((c) => c.leadId));
    const next = await select(ws.workspaceId, connectionId, 3, { after: first.at(-1)!.position });
    expect(next.map((c) => c.leadId)).toEqual(all.slice(3, 6).map((c) => c.leadId));
    const skipping = await select(ws.workspaceId, connectionId, 3, { after: first.at(-1)!.position, exclude: [all[3]!.leadId] });
    expect(skipping.map((c) => c.leadId)).toEqual(all.slice(4, 7).map((c) => c.leadId));
  });

  it("meets a lead changed behind the walk again further along", async () => {
    const ws = await seedWorkspace(4, "Walk changed");
    const connectionId = await createWebhookConnection(ws.workspaceId, "https://receiver.invalid/hook", newSecret());
    const source = new BatchSource({ workspaceId: ws.workspaceId, connectionId, owner: "walk-test", leaseTakenAt: new Date(), batchSize: 2, batchesPerTurn: 1, now: () => new Date() });
    const taken = (await source.next())!;
    expect(taken).toHaveLength(2);
    source.release(taken); // as if its links were written... but the first lead changes again meanwhile
    await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.lead.update({ where: { id: taken[0]!.leadId }, data: { score: 1 } }));
    const rest = [...(await source.next())!, ...(await source.next())!];
    expect(rest.map((c) => c.leadId)).toContain(taken[0]!.leadId);
    expect(rest).toHaveLength(3);
    expect(await source.next()).toEqual([]);
  });

  it("a run with several batches per turn sends each lead once and records every link", async () => {
    const secret = newSecret();
    const receiver = await startWebhookReceiver({ secret });
    try {
      const ws = await seedWorkspace(950, "Walk run");
      const connectionId = await createWebhookConnection(ws.workspaceId, receiver.url, secret);
      const result = await runConnectionSync(ws.workspaceId, connectionId, "MANUAL", { connector: createWebhookConnector(), sleep: async () => undefined });
      expect(result).toMatchObject({ status: "SUCCEEDED", counts: { attempted: 950, synced: 950 } });
      const links = await readLinks(ws.workspaceId, connectionId);
      expect(links.filter((l) => l.state === "SYNCED")).toHaveLength(950);
      expect(new Set(links.map((l) => l.leadId)).size).toBe(950);
    } finally {
      await receiver.close();
    }
  });
});
