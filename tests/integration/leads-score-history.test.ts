import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@/server/infra/db/tenant";
import { stopQueue } from "@/server/infra/runtime/queue";
import { callerFor, createWorkspaceWithTeam } from "../helpers/factories";
import { createPipelineWorkspace, demoBody, postDemo, waitFor } from "../helpers/pipeline";

/**
 * The score's history, written by the pipeline with the lead (persist-outcomes) and shown on the
 * lead page: one entry per scoring with the message that caused it; a later, stronger buying
 * message never lowers the score; a lower score always carries its reason (the database refuses
 * one without). Tenancy: another workspace never reads the history.
 */
let ws: Awaited<ReturnType<typeof createPipelineWorkspace>>;
let leadId: string;
let messageIds: string[] = [];
const CUSTOMER = { id: "c-history-1", name: "Mara Quinn", handle: "mara_q" };

async function send(text: string, minutesAgo: number) {
  const body = JSON.parse(demoBody(ws.externalId, text, CUSTOMER)) as { messageId: string; sentAt: string };
  body.sentAt = new Date(Date.now() - minutesAgo * 60_000).toISOString();
  await postDemo(ws, JSON.stringify(body));
  const processed = await waitFor(
    () => withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.message.findFirst({ where: { workspaceId: ws.workspaceId, platformMessageId: body.messageId, status: "PROCESSED" } })),
    30_000,
    `"${text}" processed`,
  );
  messageIds.push(processed.id);
  return processed;
}

beforeAll(async () => {
  ws = await createPipelineWorkspace({ autoReplyEnabled: false });
  messageIds = [];
  // A vague question, then price and quantity, then a thank-you with no buying in it.
  await send("hi, do you have decaf?", 30);
  await send("how much is a 1 kg bag of the decaf? I'd like to order 3 bags", 20);
  await send("thanks, have a nice day", 10);
  const lead = await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.lead.findFirstOrThrow({ where: { workspaceId: ws.workspaceId }, select: { id: true } }));
  leadId = lead.id;
}, 120_000);

afterAll(async () => {
  await stopQueue();
});

describe("the score's history", () => {
  it("has one entry per scoring, each with its message, tier, score, reason, tags and the score before", async () => {
    const rows = await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.leadScoreHistory.findMany({ where: { workspaceId: ws.workspaceId, leadId }, orderBy: { createdAt: "asc" } }));
    expect(rows.map((r) => r.messageId)).toEqual(messageIds);
    expect(rows[0]!.previousScore).toBeNull();
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.previousScore).toBe(rows[i - 1]!.score);
    for (const r of rows) {
      expect(r.reason.trim().length).toBeGreaterThan(0);
      expect(r.tier).toMatch(/^(HOT|WARM|COLD)$/);
    }
    // The price-and-quantity message is a stronger buying signal: it must not lower the score.
    expect(rows[1]!.score).toBeGreaterThanOrEqual(rows[0]!.score);
    expect(rows[1]!.tier).toBe("HOT");
    expect(rows[1]!.tags).toEqual(expect.arrayContaining(["pricing"]));
    // The lead shows the newest scoring.
    const lead = await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.lead.findUniqueOrThrow({ where: { id: leadId } }));
    expect(lead.score).toBe(rows.at(-1)!.score);
  });

  it("is shown on the lead page, newest first, every drop with its reason and a link to the conversation", async () => {
    const page = await callerFor(ws.members.VIEWER.userId, ws.workspaceId).leads.get({ leadId });
    expect(page.contact.name).toBe("Mara Quinn");
    expect(page.history.map((h) => h.message?.id)).toEqual([...messageIds].reverse());
    const conversationId = page.conversations[0]!.id;
    for (const h of page.history) expect(h.message?.conversationId).toBe(conversationId);
    // The thank-you carries no buying interest: the score went down, and the entry says why.
    const drops = page.history.filter((h) => h.change !== null && h.change < 0);
    expect(drops.map((d) => d.message?.id)).toEqual([messageIds[2]]);
    for (const d of drops) expect(d.reason).toMatch(/\w/);
    expect(page.history.at(-1)!.change).toBeNull();
  });

  it("the database refuses a lower score without a reason", async () => {
    const insert = withTenant({ workspaceId: ws.workspaceId }, (tx) =>
      tx.leadScoreHistory.create({ data: { workspaceId: ws.workspaceId, leadId, tier: "COLD", score: 10, previousScore: 80, reason: "  " } }),
    );
    await expect(insert).rejects.toThrow(/lead_score_history_drop_has_reason|check constraint/i);
    // The same drop with its reason is accepted (written in a transaction that is then rolled back).
    const withReason = withTenant({ workspaceId: ws.workspaceId }, async (tx) => {
      await tx.leadScoreHistory.create({ data: { workspaceId: ws.workspaceId, leadId, tier: "COLD", score: 10, previousScore: 80, reason: "Complaint, no buying signals" } });
      throw new Error("rollback");
    });
    await expect(withReason).rejects.toThrow("rollback");
  });

  it("is the workspace's own: another workspace reads none of it and cannot write to this lead", async () => {
    const other = await createWorkspaceWithTeam("History elsewhere");
    const seen = await withTenant({ workspaceId: other.workspaceId }, (tx) => tx.leadScoreHistory.count({ where: { leadId } }));
    expect(seen).toBe(0);
    const forged = withTenant({ workspaceId: other.workspaceId }, (tx) => tx.leadScoreHistory.create({ data: { workspaceId: ws.workspaceId, leadId, tier: "HOT", score: 99, reason: "forged" } }));
    await expect(forged).rejects.toThrow();
    const error = await callerFor(other.members.ADMIN.userId, other.workspaceId).leads.get({ leadId }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("NOT_FOUND");
  });
});
