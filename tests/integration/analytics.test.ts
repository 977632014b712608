import { TRPCError } from "@trpc/server";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAnalyticsQuery } from "@/server/analytics/run-analytics-query";
import { sqlRange } from "@/server/analytics/analytics-input";
import { countMessageVolume } from "@/server/analytics/count-message-volume";
import { usagePeriod } from "@/server/ai/record-agent-runs";
import { encrypt } from "@/server/infra/crypto/field-crypto";
import { newId } from "@/server/infra/db/new-id";
import { withTenant, type Tx } from "@/server/infra/db/tenant";
import { stopQueue } from "@/server/infra/runtime/queue";
import { createWorkspace } from "@/server/workspaces/create-workspace";
import { callerFor, createUser, createWorkspaceWithTeam } from "../helpers/factories";

/**
 * The analytics aggregates on a small workspace whose every figure is known: message volume,
 * first-response percentiles (AI vs person), lead tiers and outcomes, how AI replies ended, AI
 * usage and budget, CRM sync health. A second workspace with data in the same days must never
 * show up, not even through a channel id of its own.
 */
const at = (iso: string) => new Date(`${iso}Z`);
const RANGE = { from: at("2026-06-01T00:00:00"), to: at("2026-06-08T00:00:00") };

type Seeded = { workspaceId: string; viewerId: string; adminId: string; demoChannelId: string; fbChannelId: string };

/** One conversation with its contact, lead and channel. */
async function conversation(tx: Tx, workspaceId: string, channelId: string, lead: { tier: "HOT" | "WARM" | "COLD"; status: "NEW" | "QUALIFIED" | "WON" | "LOST"; createdAt: Date }) {
  const contactId = newId();
  const conversationId = newId();
  await tx.contact.create({ data: { id: contactId, workspaceId, channelId, platformUserHash: `u-${contactId}`, platformUserIdEnc: encrypt("u") } });
  const { id: leadId } = await tx.lead.create({ data: { workspaceId, contactId, tier: lead.tier, status: lead.status, createdAt: lead.createdAt } });
  await tx.conversation.create({ data: { id: conversationId, workspaceId, channelId, contactId, kind: "DM", externalThreadId: `t-${conversationId}` } });
  return { conversationId, leadId };
}

async function inbound(tx: Tx, workspaceId: string, channelId: string, conversationId: string, sentAt: Date, intent: "SALES" | "SUPPORT" | "SPAM" | "OTHER" | null, direction: "INBOUND" | "OUTBOUND" = "INBOUND") {
  const { id } = await tx.message.create({ data: { workspaceId, channelId, conversationId, direction, platformMessageId: `m-${newId()}`, textEnc: encrypt("hello"), sentAt, intent } });
  return id;
}

type ReplySpec = { source: "AI" | "HUMAN" | "AI_EDITED"; status: "DRAFT" | "QUEUED" | "SENT" | "DISCARDED"; createdAt: Date; sentAt?: Date; approvedById?: string; handoff?: boolean };
async function reply(tx: Tx, workspaceId: string, conversationId: string, spec: ReplySpec) {
  await tx.reply.create({
    data: { workspaceId, conversationId, source: spec.source, status: spec.status, textEnc: encrypt("Hi!"), createdAt: spec.createdAt, sentAt: spec.sentAt ?? null, approvedById: spec.approvedById ?? null, handoff: spec.handoff ?? false },
  });
}

async function seedKnownWorkspace(): Promise<Seeded> {
  const team = await createWorkspaceWithTeam("Analytics");
  const { workspaceId } = team;
  const adminId = team.members.ADMIN.userId;
  return withTenant({ workspaceId }, async (tx) => {
    const demo = await tx.channel.findFirstOrThrow({ where: { workspaceId, platform: "DEMO" } });
    const fb = await tx.channel.create({ data: { workspaceId, platform: "FACEBOOK", externalId: `page-${newId()}`, name: "Shop page" } });
    await tx.workspace.update({ where: { id: workspaceId }, data: { monthlyAiBudgetUsd: 10 } });

    // c1 (Demo): two questions answered together by the AI in 60 s (from the first), then a person in 600 s.
    const c1 = await conversation(tx, workspaceId, demo.id, { tier: "HOT", status: "WON", createdAt: at("2026-06-01T10:00:00") });
    const m1 = await inbound(tx, workspaceId, demo.id, c1.conversationId, at("2026-06-01T10:00:00"), "SALES");
    await inbound(tx, workspaceId, demo.id, c1.conversationId, at("2026-06-01T10:00:30"), "SALES");
    await reply(tx, workspaceId, c1.conversationId, { source: "AI", status: "SENT", createdAt: at("2026-06-01T10:00:50"), sentAt: at("2026-06-01T10:01:00") });
    await inbound(tx, workspaceId, demo.id, c1.conversationId, at("2026-06-01T10:01:00"), null, "OUTBOUND"); // the echo of our own send: not volume
    await inbound(tx, workspaceId, demo.id, c1.conversationId, at("2026-06-01T12:00:00"), "SUPPORT");
    await reply(tx, workspaceId, c1.conversationId, { source: "HUMAN", status: "SENT", createdAt: at("2026-06-01T12:09:00"), sentAt: at("2026-06-01T12:10:00"), approvedById: adminId });
    await reply(tx, workspaceId, c1.conversationId, { source: "AI", status: "DRAFT", createdAt: at("2026-06-01T12:00:05"), handoff: true });

    // c2 (Facebook): an AI draft a person approved, sent after 120 s; an edited one still queued; a question nobody answered.
    const c2 = await conversation(tx, workspaceId, fb.id, { tier: "WARM", status: "LOST", createdAt: at("2026-06-02T09:00:00") });
    const m4 = await inbound(tx, workspaceId, fb.id, c2.conversationId, at("2026-06-02T09:00:00"), "OTHER");
    await reply(tx, workspaceId, c2.conversationId, { source: "AI", status: "SENT", createdAt: at("2026-06-02T09:00:10"), sentAt: at("2026-06-02T09:02:00"), approvedById: adminId });
    await reply(tx, workspaceId, c2.conversationId, { source: "AI_EDITED", status: "QUEUED", createdAt: at("2026-06-02T09:05:00"), approvedById: adminId });
    await inbound(tx, workspaceId, fb.id, c2.conversationId, at("2026-06-03T09:00:00"), null);

    // c3 (Facebook): the AI answers spam in 10 s, then sends again with no new question (not a response);
    // one AI reply queued on its own, one discarded draft.
    const c3 = await conversation(tx, workspaceId, fb.id, { tier: "COLD", status: "NEW", createdAt: at("2026-06-03T08:00:00") });
    const m6 = await inbound(tx, workspaceId, fb.id, c3.conversationId, at("2026-06-03T08:00:00"), "SPAM");
    await reply(tx, workspaceId, c3.conversationId, { source: "AI", status: "SENT", createdAt: at("2026-06-03T08:00:05"), sentAt: at("2026-06-03T08:00:10") });
    await reply(tx, workspaceId, c3.conversationId, { source: "AI", status: "SENT", createdAt: at("2026-06-03T08:04:00"), sentAt: at("2026-06-03T08:05:00") });
    await reply(tx, workspaceId, c3.conversationId, { source: "AI", status: "QUEUED", createdAt: at("2026-06-03T08:06:00") });
    await reply(tx, workspaceId, c3.conversationId, { source: "AI", status: "DISCARDED", createdAt: at("2026-06-03T08:07:00") });

    // c4 (Demo): the wait began before the range (23:00 the day before): left out although answered inside it.
    // Its lead first wrote in May: outside the range.
    const c4 = await conversation(tx, workspaceId, demo.id, { tier: "HOT", status: "QUALIFIED", createdAt: at("2026-05-20T00:00:00") });
    await inbound(tx, workspaceId, demo.id, c4.conversationId, at("2026-05-31T23:00:00"), "SALES");
    await inbound(tx, workspaceId, demo.id, c4.conversationId, at("2026-06-01T00:30:00"), "SALES");
    await reply(tx, workspaceId, c4.conversationId, { source: "HUMAN", status: "SENT", createdAt: at("2026-06-01T00:59:00"), sentAt: at("2026-06-01T01:00:00"), approvedById: adminId });
    await inbound(tx, workspaceId, demo.id, c4.conversationId, at("2026-06-09T00:00:00"), "SALES"); // after the range

    // Agent runs: a local intent run, a paid reply, a cache hit, a fallback; one in May (outside).
    const run = (messageId: string, agent: string, provider: string, createdAt: Date, extra: { tokensIn?: number; tokensOut?: number; costUsd?: number; cacheHit?: boolean; outcome?: string } = {}) =>
      tx.agentRun.create({ data: { workspaceId, messageId, agent, provider, model: provider === "local" ? "local" : "gpt-x", latencyMs: 5, createdAt, outcome: extra.outcome ?? "ok", tokensIn: extra.tokensIn ?? 0, tokensOut: extra.tokensOut ?? 0, costUsd: extra.costUsd ?? 0, cacheHit: extra.cacheHit ?? false } });
    await run(m1, "intent", "local", at("2026-06-01T10:00:01"));
    await run(m1, "reply", "openai", at("2026-06-01T10:00:02"), { tokensIn: 100, tokensOut: 50, costUsd: 0.002 });
    await run(m4, "reply", "openai", at("2026-06-02T09:00:02"), { cacheHit: true });
    await run(m6, "scorer", "local", at("2026-06-03T08:00:02"), { outcome: "fallback" });
    await run(m1, "intent", "openai", at("2026-05-15T00:00:00"), { tokensIn: 10, tokensOut: 5, costUsd: 0.0001 });
    await tx.usageRecord.create({ data: { workspaceId, period: usagePeriod(), provider: "openai", model: "gpt-x", calls: 3, costUsd: 2.5 } });
    await tx.usageRecord.create({ data: { workspaceId, period: "2000-01", provider: "openai", model: "gpt-x", calls: 99, costUsd: 100 } });

    // A HubSpot connection: three runs in the range (the last failed), one in May; links in every state.
    const crm = await tx.crmConnection.create({ data: { workspaceId, provider: "HUBSPOT", label: "portal" } });
    const syncRun = (startedAt: Date, status: "SUCCEEDED" | "PARTIAL" | "FAILED", succeeded: number, failed: number) =>
      tx.crmSyncRun.create({ data: { workspaceId, connectionId: crm.id, status, startedAt, finishedAt: new Date(startedAt.getTime() + 1000), attempted: succeeded + failed, succeeded, failed } });
    await syncRun(at("2026-05-01T00:00:00"), "SUCCEEDED", 50, 0);
    await syncRun(at("2026-06-02T00:00:00"), "SUCCEEDED", 3, 0);
    await syncRun(at("2026-06-05T00:00:00"), "PARTIAL", 1, 2);
    await syncRun(at("2026-06-06T00:00:00"), "FAILED", 0, 0);
    const states = [[c1.leadId, "SYNCED"], [c2.leadId, "FAILED"], [c3.leadId, "DEAD"], [c4.leadId, "PENDING"]] as const;
    for (const [leadId, state] of states) await tx.crmLeadLink.create({ data: { workspaceId, leadId, connectionId: crm.id, state } });

    return { workspaceId, viewerId: team.members.VIEWER.userId, adminId, demoChannelId: demo.id, fbChannelId: fb.id };
  });
}

/** Another tenant, busy on the same days: any of its rows in A's figures would change them. */
async function seedOtherWorkspace(): Promise<{ workspaceId: string; userId: string; channelId: string }> {
  const { userId } = await createUser("other");
  const { workspaceId } = await createWorkspace(userId, { name: "Other" });
  const channelId = await withTenant({ workspaceId }, async (tx) => {
    const channel = await tx.channel.findFirstOrThrow({ where: { workspaceId, platform: "DEMO" } });
    for (let i = 0; i < 3; i++) {
      const c = await conversation(tx, workspaceId, channel.id, { tier: "HOT", status: "WON", createdAt: at("2026-06-02T00:00:00") });
      const m = await inbound(tx, workspaceId, channel.id, c.conversationId, at(`2026-06-02T0${i}:00:00`), "SALES");
      await reply(tx, workspaceId, c.conversationId, { source: "AI", status: "SENT", createdAt: at(`2026-06-02T0${i}:00:01`), sentAt: at(`2026-06-02T0${i}:00:02`) });
      await tx.agentRun.create({ data: { workspaceId, messageId: m, agent: "reply", provider: "openai", model: "gpt-x", latencyMs: 1, tokensIn: 1000, costUsd: 1, outcome: "ok", createdAt: at("2026-06-02T00:00:00") } });
    }
    const crm = await tx.crmConnection.create({ data: { workspaceId, provider: "PIPEDRIVE", label: "other" } });
    await tx.crmSyncRun.create({ data: { workspaceId, connectionId: crm.id, status: "SUCCEEDED", startedAt: at("2026-06-03T00:00:00"), succeeded: 7 } });
    return channel.id;
  });
  return { workspaceId, userId, channelId };
}

let a: Seeded;
let other: Awaited<ReturnType<typeof seedOtherWorkspace>>;
const viewer = () => callerFor(a.viewerId, a.workspaceId).analytics;

beforeAll(async () => {
  a = await seedKnownWorkspace();
  other = await seedOtherWorkspace();
});

afterAll(async () => {
  await stopQueue();
});

describe("analytics, as a viewer, on known data", () => {
  it("counts inbound messages per day by intent and by channel", async () => {
    const v = await viewer().volume({ ...RANGE });
    expect(v.bucket).toBe("day");
    expect(v.buckets).toEqual(["2026-06-01", "2026-06-02", "2026-06-03", "2026-06-04", "2026-06-05", "2026-06-06", "2026-06-07"]);
    expect(v.total).toBe(7);
    expect(v.intentTotals).toEqual({ SALES: 3, SUPPORT: 1, OTHER: 1, SPAM: 1, UNCLASSIFIED: 1 });
    expect(v.byIntent[0]).toEqual({ bucket: "2026-06-01", counts: { SALES: 3, SUPPORT: 1, SPAM: 0, OTHER: 0, UNCLASSIFIED: 0 } });
    expect(v.byIntent[2]!.counts).toMatchObject({ SPAM: 1, UNCLASSIFIED: 1 });
    expect(v.byChannel.map((b) => b.counts)).toEqual([{ [a.demoChannelId]: 4 }, { [a.fbChannelId]: 1 }, { [a.fbChannelId]: 2 }, {}, {}, {}, {}]);
    expect(v.channels.map((c) => [c.id, c.total])).toEqual([[a.demoChannelId, 4], [a.fbChannelId, 3]]);
  });

  it("buckets by the given time zone's days, and by week past 92 days", async () => {
    const ny = await viewer().volume({ ...RANGE, timeZone: "America/New_York" });
    // 00:30 UTC on 1 June is 20:30 on 31 May in New York.
    expect(ny.buckets[0]).toBe("2026-05-31");
    expect(ny.byIntent[0]!.counts.SALES).toBe(1);
    const long = await viewer().volume({ from: at("2026-03-01T00:00:00"), to: RANGE.to });
    expect(long.bucket).toBe("week");
    expect(long.buckets).toContain("2026-06-01"); // a Monday
    expect(long.total).toBe(8); // the May message of c4 too
  });

  it("measures first-response percentiles for the AI and for people", async () => {
    const f = await viewer().firstResponse({ ...RANGE });
    expect(f.byResponder.AI).toEqual({ answered: 2, p50: expect.closeTo(35, 6), p90: expect.closeTo(55, 6), p99: expect.closeTo(59.5, 6) });
    expect(f.byResponder.HUMAN).toEqual({ answered: 2, p50: expect.closeTo(360, 6), p90: expect.closeTo(552, 6), p99: expect.closeTo(595.2, 6) });
    expect(f.all).toEqual({ answered: 4, p50: expect.closeTo(90, 6), p90: expect.closeTo(456, 6), p99: expect.closeTo(585.6, 6) });
    expect(f.unanswered).toBe(1);
  });

  it("summarises lead tiers and outcomes of the leads that wrote in during the range", async () => {
    expect(await viewer().leads({ ...RANGE })).toEqual({ total: 3, tiers: { HOT: 1, WARM: 1, COLD: 1 }, statuses: { NEW: 1, QUALIFIED: 0, WON: 1, LOST: 1 }, winRate: 0.5 });
  });

  it("tallies how AI replies ended", async () => {
    expect(await viewer().replyOutcomes({ ...RANGE })).toEqual({
      total: 8, autoSent: 4, draft: 3, handoff: 1, held: { approved: 1, edited: 1, discarded: 1, pending: 1, other: 0 },
    });
  });

  it("sums AI usage and this month's budget", async () => {
    const u = await viewer().aiUsage({ ...RANGE });
    expect(u).toMatchObject({ runs: 4, llmCalls: 1, cacheHits: 1, cacheHitRate: 0.5, fallbacks: 1, tokensIn: 100, tokensOut: 50, costUsd: 0.002 });
    expect(u.byAgent.map((x) => [x.agent, x.runs])).toEqual([["intent", 1], ["reply", 2], ["scorer", 1]]);
    expect(u.budget).toEqual({ period: usagePeriod(), monthlyUsd: 10, spentUsd: 2.5, leftUsd: 7.5 });
  });

  it("reports CRM sync health", async () => {
    const { connections } = await viewer().crmHealth({ ...RANGE });
    expect(connections).toHaveLength(1);
    expect(connections[0]).toMatchObject({
      provider: "HUBSPOT", status: "ACTIVE", runs: 3, failedRuns: 1, leadsSynced: 4, recordFailures: 2,
      lastRun: { status: "FAILED", startedAt: at("2026-06-06T00:00:00") }, links: { synced: 1, pending: 1, failed: 1, dead: 1 },
    });
  });
});

describe("channel filter", () => {
  it("narrows every figure to one channel", async () => {
    const input = { ...RANGE, channelId: a.fbChannelId };
    const v = await viewer().volume(input);
    expect(v.total).toBe(3);
    expect(v.channels.map((c) => c.id)).toEqual([a.fbChannelId]);
    const f = await viewer().firstResponse(input);
    expect(f.all).toMatchObject({ answered: 2, p50: 65 });
    expect(f.byResponder.AI.answered).toBe(1);
    expect(f.unanswered).toBe(1);
    expect(await viewer().leads(input)).toMatchObject({ total: 2, statuses: { WON: 0, LOST: 1, NEW: 1, QUALIFIED: 0 }, winRate: 0 });
    expect(await viewer().replyOutcomes(input)).toMatchObject({ total: 6, autoSent: 3, draft: 3, handoff: 0 });
    expect(await viewer().aiUsage(input)).toMatchObject({ runs: 2, llmCalls: 0, cacheHits: 1, cacheHitRate: 1, fallbacks: 1, costUsd: 0 });
  });

  it("refuses another workspace's channel id as not found, computing nothing", async () => {
    const input = { ...RANGE, channelId: other.channelId };
    const procedures = ["volume", "firstResponse", "leads", "replyOutcomes", "aiUsage", "crmHealth"] as const;
    for (const name of procedures) {
      const error = await viewer()[name](input).catch((e: unknown) => e);
      expect(error, name).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code, name).toBe("NOT_FOUND");
      expect((error as TRPCError).message, name).toBe("Channel not found.");
    }
    // The aggregates name the workspace beside the channel too: run directly, past the check, B's channel matches nothing in A.
    const direct = await withTenant({ workspaceId: a.workspaceId }, (tx) => countMessageVolume(tx, sqlRange(a.workspaceId, { ...input, timeZone: "UTC" })));
    expect(direct.total).toBe(0);
    expect(direct.channels).toEqual([]);
  });
});

describe("tenancy and input", () => {
  it("never counts another workspace's rows, and the other workspace sees only its own", async () => {
    // The exact figures above already exclude the other workspace's same-day data; here it sees its own only.
    const theirs = callerFor(other.userId, other.workspaceId).analytics;
    expect((await theirs.volume({ ...RANGE })).total).toBe(3);
    expect((await theirs.firstResponse({ ...RANGE })).byResponder.AI).toMatchObject({ answered: 3, p50: 2 });
    expect((await theirs.aiUsage({ ...RANGE })).costUsd).toBe(3);
    const crm = await theirs.crmHealth({ ...RANGE });
    expect(crm.connections.map((c) => [c.provider, c.leadsSynced])).toEqual([["PIPEDRIVE", 7]]);
  });

  it("a non-member cannot read a workspace's analytics", async () => {
    const outsider = await callerFor(other.userId, a.workspaceId).analytics.volume({ ...RANGE }).catch((e: unknown) => e);
    expect(outsider).toBeInstanceOf(TRPCError);
    expect((outsider as TRPCError).code).toBe("NOT_FOUND");
  });

  it("refuses bad input with a clear error", async () => {
    const refused = async (input: unknown) => {
      const error = await viewer().volume(input as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe("BAD_REQUEST");
      return (error as TRPCError).message;
    };
    expect(await refused({ from: RANGE.to, to: RANGE.from })).toContain("must end after it starts");
    expect(await refused({ from: at("2025-01-01T00:00:00"), to: at("2026-06-01T00:00:00") })).toContain("at most 366 days");
    expect(await refused({ ...RANGE, timeZone: "Mars/Olympus_Mons" })).toContain("Unknown time zone");
    expect(await refused({ from: "yesterday", to: RANGE.to })).toBeTruthy();
    expect(await refused({ ...RANGE, channelId: "x".repeat(65) })).toBeTruthy();
  });

  it("an empty workspace gets zeros and an empty axis, not an error", async () => {
    const { userId } = await createUser("empty");
    const { workspaceId } = await createWorkspace(userId, { name: "Empty" });
    const empty = callerFor(userId, workspaceId).analytics;
    const v = await empty.volume({ ...RANGE });
    expect(v.total).toBe(0);
    expect(v.buckets).toHaveLength(7);
    expect(await empty.firstResponse({ ...RANGE })).toEqual({ all: { answered: 0, p50: null, p90: null, p99: null }, byResponder: { AI: { answered: 0, p50: null, p90: null, p99: null }, HUMAN: { answered: 0, p50: null, p90: null, p99: null } }, unanswered: 0 });
    expect(await empty.leads({ ...RANGE })).toMatchObject({ total: 0, winRate: null });
    expect(await empty.replyOutcomes({ ...RANGE })).toMatchObject({ total: 0, autoSent: 0 });
    expect(await empty.aiUsage({ ...RANGE })).toMatchObject({ runs: 0, cacheHitRate: null, byAgent: [], budget: { spentUsd: 0 } });
    expect(await empty.crmHealth({ ...RANGE })).toEqual({ connections: [] });
  });
});

describe("when the database is slow", () => {
  it("a query held past its statement timeout fails with a clear error and leaves nothing behind", async () => {
    const owner = new pg.Client({ connectionString: process.env.MIGRATE_DATABASE_URL });
    await owner.connect();
    try {
      await owner.query("BEGIN");
      await owner.query("LOCK TABLE messages IN ACCESS EXCLUSIVE MODE");
      const error = await withTenant({ workspaceId: a.workspaceId }, (tx) =>
        runAnalyticsQuery(tx, { workspaceId: a.workspaceId, query: "volume", statementTimeout: "300ms" }, () => countMessageVolume(tx, sqlRange(a.workspaceId, { ...RANGE, timeZone: "UTC" }))),
      ).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: "AppError", code: "UNAVAILABLE", message: expect.stringContaining("Try a shorter range") });
    } finally {
      await owner.query("ROLLBACK");
      await owner.end();
    }
    // A zone the runtime knows but PostgreSQL does not would fail the same clear way (400, not 500).
    const zone = await withTenant({ workspaceId: a.workspaceId }, (tx) =>
      runAnalyticsQuery(tx, { workspaceId: a.workspaceId, query: "volume" }, () => countMessageVolume(tx, { ...sqlRange(a.workspaceId, { ...RANGE, timeZone: "UTC" }), timeZone: "Mars/Olympus_Mons" })),
    ).catch((e: unknown) => e);
    expect(zone).toMatchObject({ name: "AppError", code: "BAD_REQUEST", message: "Unknown time zone." });
    // The lock is gone and the figures are intact.
    expect((await viewer().volume({ ...RANGE })).total).toBe(7);
  });
});
