import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encrypt } from "@/server/infra/crypto/field-crypto";
import { newId } from "@/server/infra/db/new-id";
import { withTenant, type Tx } from "@/server/infra/db/tenant";
import { stopQueue } from "@/server/infra/runtime/queue";
import { callerFor, createWorkspaceWithTeam } from "../helpers/factories";

/**
 * The leads table on a workspace whose every lead is known: server-side sorting, filtering and
 * keyset pages through the actor check; agents see only the leads of conversations they may see
 * (unassigned or theirs), viewers read everything; another workspace's leads never show.
 */
type Team = Awaited<ReturnType<typeof createWorkspaceWithTeam>>;
type Spec = {
  name: string; tier: "HOT" | "WARM" | "COLD"; score: number; status?: "NEW" | "QUALIFIED" | "WON" | "LOST"; intent?: "SALES" | "SUPPORT" | "SPAM" | "OTHER";
  lastInbound: string; conversationAssignee?: "agent" | "other" | null; leadOwner?: "agent" | null; fb?: boolean; crm?: "SYNCED" | "FAILED";
};

const SPECS: Spec[] = [
  { name: "Ana Hot", tier: "HOT", score: 91, status: "QUALIFIED", intent: "SALES", lastInbound: "2026-06-01T10:00:00Z", crm: "SYNCED", leadOwner: "agent" },
  { name: "Ben Hot", tier: "HOT", score: 75, intent: "SALES", lastInbound: "2026-06-05T10:00:00Z", fb: true, conversationAssignee: "agent" },
  { name: "Cleo Warm", tier: "WARM", score: 55, intent: "SUPPORT", lastInbound: "2026-06-03T10:00:00Z", crm: "FAILED" },
  { name: "Dev Warm", tier: "WARM", score: 55, status: "WON", intent: "SALES", lastInbound: "2026-06-02T10:00:00Z", fb: true },
  { name: "Eve Cold", tier: "COLD", score: 12, intent: "OTHER", lastInbound: "2026-06-04T10:00:00Z", conversationAssignee: "other" },
  { name: "Finn Cold", tier: "COLD", score: 3, status: "LOST", intent: "SPAM", lastInbound: "2026-06-06T10:00:00Z", conversationAssignee: "other", fb: true },
  { name: "Gia Warm", tier: "WARM", score: 48, intent: "SALES", lastInbound: "2026-05-30T10:00:00Z" },
];

let ws: Team & { otherAgentId: string; fbChannelId: string; leadIds: Map<string, string> };
let other: Team & { leadId: string };

async function seedLead(tx: Tx, workspaceId: string, channelId: string, spec: Spec, users: { agent: string; other: string }, crmConnectionId: string | null) {
  const contactId = newId();
  await tx.contact.create({ data: { id: contactId, workspaceId, channelId, platformUserHash: `u-${contactId}`, platformUserIdEnc: encrypt("u"), displayNameEnc: encrypt(spec.name) } });
  const owner = spec.leadOwner === "agent" ? users.agent : null;
  const lead = await tx.lead.create({ data: { workspaceId, contactId, tier: spec.tier, score: spec.score, reason: `Reason of ${spec.name}`, status: spec.status ?? "NEW", lastIntent: spec.intent ?? null, assigneeId: owner } });
  const assignee = spec.conversationAssignee === "agent" ? users.agent : spec.conversationAssignee === "other" ? users.other : null;
  await tx.conversation.create({ data: { workspaceId, channelId, contactId, kind: "DM", externalThreadId: `t-${contactId}`, assigneeId: assignee, lastInboundAt: new Date(spec.lastInbound), lastMessageAt: new Date(spec.lastInbound) } });
  if (spec.crm && crmConnectionId) await tx.crmLeadLink.create({ data: { workspaceId, leadId: lead.id, connectionId: crmConnectionId, state: spec.crm, lastError: spec.crm === "FAILED" ? "refused" : null } });
  return lead.id;
}

beforeAll(async () => {
  const team = await createWorkspaceWithTeam("Leads table");
  const otherAgent = await createWorkspaceWithTeam("Leads other agent home");
  const { workspaceId } = team;
  const leadIds = new Map<string, string>();
  const fbChannelId = await withTenant({ workspaceId }, async (tx) => {
    // A second agent of this workspace, owner of some conversations the first agent must not see.
    await tx.membership.create({ data: { workspaceId, userId: otherAgent.members.AGENT.userId, role: "AGENT" } });
    const demo = await tx.channel.findFirstOrThrow({ where: { workspaceId, platform: "DEMO" } });
    const fb = await tx.channel.create({ data: { workspaceId, platform: "FACEBOOK", externalId: `page-${newId()}`, name: "Shop page" } });
    const crm = await tx.crmConnection.create({ data: { workspaceId, provider: "HUBSPOT", label: "portal" } });
    for (const spec of SPECS) {
      leadIds.set(spec.name, await seedLead(tx, workspaceId, spec.fb ? fb.id : demo.id, spec, { agent: team.members.AGENT.userId, other: otherAgent.members.AGENT.userId }, crm.id));
    }
    return fb.id;
  });
  ws = { ...team, otherAgentId: otherAgent.members.AGENT.userId, fbChannelId, leadIds };

  const o = await createWorkspaceWithTeam("Leads table other");
  const leadId = await withTenant({ workspaceId: o.workspaceId }, async (tx) => {
    const demo = await tx.channel.findFirstOrThrow({ where: { workspaceId: o.workspaceId, platform: "DEMO" } });
    return seedLead(tx, o.workspaceId, demo.id, { name: "Zed Elsewhere", tier: "HOT", score: 99, lastInbound: "2026-06-07T10:00:00Z" }, { agent: o.members.AGENT.userId, other: o.members.AGENT.userId }, null);
  });
  other = { ...o, leadId };
});

afterAll(async () => {
  await stopQueue();
});

const as = (role: "ADMIN" | "AGENT" | "VIEWER", team: Team = ws) => callerFor(team.members[role].userId, team.workspaceId);
const names = (rows: ReadonlyArray<{ contactName: string }>) => rows.map((r) => r.contactName);
async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

describe("leads table: sorting, filters and pages on the server", () => {
  it("sorts by score (ties by id), tier, last contact and creation, both ways", async () => {
    const byScore = await as("ADMIN").leads.list({ sort: "score", dir: "desc" });
    expect(byScore.map((r) => r.score)).toEqual([91, 75, 55, 55, 48, 12, 3]);
    const ascending = await as("ADMIN").leads.list({ sort: "score", dir: "asc" });
    expect(names(ascending)).toEqual([...names(byScore)].reverse());

    const byContact = await as("VIEWER").leads.list({ sort: "lastContact", dir: "desc" });
    expect(names(byContact)).toEqual(["Finn Cold", "Ben Hot", "Eve Cold", "Cleo Warm", "Dev Warm", "Ana Hot", "Gia Warm"]);
    expect(byContact[0]?.lastContactAt).toEqual(new Date("2026-06-06T10:00:00Z"));

    const byTier = await as("ADMIN").leads.list({ sort: "tier", dir: "asc" });
    expect(byTier.map((r) => r.tier)).toEqual(["COLD", "COLD", "WARM", "WARM", "WARM", "HOT", "HOT"]);
    expect(byTier.map((r) => r.score)).toEqual([3, 12, 48, 55, 55, 75, 91]);

    const byCreated = await as("ADMIN").leads.list({ sort: "created", dir: "asc" });
    expect(names(byCreated)).toEqual(SPECS.map((s) => s.name));
  });

  it("filters by tier, status, intent, channel, owner and CRM state, alone and together", async () => {
    const admin = as("ADMIN");
    expect(names(await admin.leads.list({ tier: "WARM" })).sort()).toEqual(["Cleo Warm", "Dev Warm", "Gia Warm"]);
    expect(names(await admin.leads.list({ status: "WON" }))).toEqual(["Dev Warm"]);
    expect(names(await admin.leads.list({ intent: "SALES", tier: "HOT" }))).toEqual(["Ana Hot", "Ben Hot"]);
    expect(names(await admin.leads.list({ channelId: ws.fbChannelId })).sort()).toEqual(["Ben Hot", "Dev Warm", "Finn Cold"]);
    expect(names(await admin.leads.list({ owner: ws.members.AGENT.userId }))).toEqual(["Ana Hot"]);
    expect(names(await as("AGENT").leads.list({ owner: "me" }))).toEqual(["Ana Hot"]);
    expect(await admin.leads.list({ owner: "none" })).toHaveLength(SPECS.length - 1);
    expect(names(await admin.leads.list({ crm: "FAILED" }))).toEqual(["Cleo Warm"]);
    expect(names(await admin.leads.list({ crm: "NONE", tier: "HOT" }))).toEqual(["Ben Hot"]);
    const [ana] = await admin.leads.list({ crm: "SYNCED" });
    expect(ana).toMatchObject({ contactName: "Ana Hot", owner: { id: ws.members.AGENT.userId }, crm: [{ provider: "HUBSPOT", state: "SYNCED" }], lastIntent: "SALES", channelName: expect.any(String) });
  });

  it("pages with cursors: every lead once, in order, whatever the page size", async () => {
    const all = names(await as("ADMIN").leads.list({ sort: "score", dir: "desc" }));
    for (const limit of [1, 2, 3]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 20; pages++) {
        const page = await as("ADMIN").leads.list({ sort: "score", dir: "desc", limit, cursor });
        seen.push(...names(page));
        if (page.length < limit) break;
        cursor = page.at(-1)!.cursor;
      }
      expect(seen).toEqual(all);
    }
    // Ties (two scores of 55) and timestamps page too.
    const first = await as("ADMIN").leads.list({ sort: "lastContact", dir: "asc", limit: 4 });
    const rest = await as("ADMIN").leads.list({ sort: "lastContact", dir: "asc", limit: 10, cursor: first.at(-1)!.cursor });
    expect([...names(first), ...names(rest)]).toEqual(names(await as("ADMIN").leads.list({ sort: "lastContact", dir: "asc" })));
  });

  it("refuses bad input with a clear message: unknown values, a forged cursor, a cursor of another order", async () => {
    const bad = await failure(as("ADMIN").leads.list({ tier: "LUKEWARM" as "HOT" }));
    expect(bad.code).toBe("BAD_REQUEST");
    expect((await failure(as("ADMIN").leads.list({ limit: 5000 }))).code).toBe("BAD_REQUEST");
    const forged = await failure(as("ADMIN").leads.list({ cursor: "not-a-cursor" }));
    expect(forged).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("out of date") });
    const [row] = await as("ADMIN").leads.list({ sort: "score", limit: 1 });
    expect((await failure(as("ADMIN").leads.list({ sort: "lastContact", cursor: row!.cursor }))).code).toBe("BAD_REQUEST");
  });
});

describe("who sees which leads", () => {
  it("agents see the leads of unassigned conversations and their own, never another agent's", async () => {
    const agentLeads = names(await as("AGENT").leads.list({}));
    expect(agentLeads.sort()).toEqual(["Ana Hot", "Ben Hot", "Cleo Warm", "Dev Warm", "Gia Warm"]);
    const otherAgent = names(await callerFor(ws.otherAgentId, ws.workspaceId).leads.list({}));
    expect(otherAgent.sort()).toEqual(["Ana Hot", "Cleo Warm", "Dev Warm", "Eve Cold", "Finn Cold", "Gia Warm"]);
    // The lead page answers as if the hidden lead did not exist.
    expect((await failure(as("AGENT").leads.get({ leadId: ws.leadIds.get("Eve Cold")! }))).code).toBe("NOT_FOUND");
    await expect(as("AGENT").leads.get({ leadId: ws.leadIds.get("Ben Hot")! })).resolves.toMatchObject({ contact: { name: "Ben Hot" } });
  });

  it("viewers read every lead and its page, and cannot change a status", async () => {
    expect(await as("VIEWER").leads.list({})).toHaveLength(SPECS.length);
    await expect(as("VIEWER").leads.get({ leadId: ws.leadIds.get("Eve Cold")! })).resolves.toMatchObject({ tier: "COLD", score: 12 });
    expect((await failure(as("VIEWER").leads.setStatus({ leadId: ws.leadIds.get("Eve Cold")!, status: "WON" }))).code).toBe("FORBIDDEN");
  });

  it("another workspace's leads never show: not listed, not by id, not through a channel id of theirs", async () => {
    expect(names(await as("ADMIN").leads.list({ limit: 500 }))).not.toContain("Zed Elsewhere");
    expect((await failure(as("ADMIN").leads.get({ leadId: other.leadId }))).code).toBe("NOT_FOUND");
    const theirChannel = await withTenant({ workspaceId: other.workspaceId }, (tx) => tx.channel.findFirstOrThrow({ where: { workspaceId: other.workspaceId } }));
    // Filtering by another workspace's channel is "not found", as in analytics and the inbox.
    expect((await failure(as("ADMIN").leads.list({ channelId: theirChannel.id }))).code).toBe("NOT_FOUND");
    expect(names(await as("ADMIN", other).leads.list({}))).toEqual(["Zed Elsewhere"]);
    // A member of the other workspace asking for this one gets nothing.
    expect((await failure(callerFor(other.members.ADMIN.userId, ws.workspaceId).leads.list({}))).code).toBe("NOT_FOUND");
  });
});
