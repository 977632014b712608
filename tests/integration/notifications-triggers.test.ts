import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markChannelsNeedReauth } from "@/server/channels/tokens/mark-channels-need-reauth";
import { withTenant } from "@/server/infra/db/tenant";
import { stopQueue } from "@/server/infra/runtime/queue";
import { withTenantSqlOutbox } from "@/server/infra/outbox/with-outbox";
import { notifyWaitingDraftsJob } from "@/server/notifications/notify-waiting-drafts";
import { DRAFT_WAIT_MINUTES } from "@/server/notifications/notification-kinds";
import type { Attempt, ClaimedReply } from "@/server/pipeline/deliver-reply";
import { recordSendOutcomes } from "@/server/pipeline/record-send-outcomes";
import { demoBody, postDemo, waitFor } from "../helpers/pipeline";
import { addReply, conversationWithLead, notificationsOf, notificationsWorkspace, recipients, silentPublisher, type NotificationsWorkspace } from "./notifications-setup";

/**
 * Each trigger writes its notifications in the transaction where the event happens, for the right
 * members: a lead turning hot (the pipeline), a send failing for good and a channel needing
 * re-authorisation (the send's outcome transaction), drafts waiting (the scheduled job, batched).
 * Agents only for conversations they see, viewers never for drafts and sends, channel problems to
 * admins only, never across workspaces, and each deduplicated.
 */
let ws: NotificationsWorkspace;
let other: NotificationsWorkspace;
const publish = silentPublisher.publishJobs;

const HOT_TEXT = "Hi! We'd like a quote for 50 seats and a demo this week - what's the price per seat? We want to buy this month.";

async function sendDemo(text: string, customer: { id: string; name: string; handle: string }) {
  const body = JSON.parse(demoBody(ws.externalId, text, customer)) as { messageId: string };
  await postDemo(ws, JSON.stringify(body));
  return waitFor(
    () => withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.message.findFirst({ where: { workspaceId: ws.workspaceId, platformMessageId: body.messageId, status: "PROCESSED" }, select: { id: true, conversationId: true } })),
    30_000,
    "message processed",
  );
}

/** Runs the send's outcome transaction for a reply whose send failed for good, as send-reply.ts does. */
async function failSend(conversationId: string, markReauth = false) {
  const reply = await addReply(ws.workspaceId, conversationId, "SENDING");
  const claimed = { id: reply.id, conversationId, channelId: ws.channelId, attempts: 1 } as ClaimedReply;
  const attempt: Attempt = { reply: claimed, kind: "failed", error: new Error("platform refused"), markReauth };
  await withTenantSqlOutbox({ workspaceId: ws.workspaceId }, silentPublisher, (tx, outbox) => recordSendOutcomes(tx, outbox, ws.workspaceId, [attempt]));
  return reply.id;
}

beforeAll(async () => {
  ws = await notificationsWorkspace();
  other = await notificationsWorkspace();
}, 60_000);

afterAll(async () => {
  await stopQueue();
});

describe("hot lead (persist-outcomes)", () => {
  it("notifies admins, viewers and the agent who sees the conversation, once per lead per day", async () => {
    const customer = { id: `c-hot-${Date.now()}`, name: "Robin Hale", handle: "robin_h" };
    const first = await sendDemo("hello there", customer);
    await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.conversation.update({ where: { id: first.conversationId }, data: { assigneeId: ws.members.AGENT.userId } }));
    expect(recipients(await notificationsOf(ws.workspaceId), "HOT_LEAD")).toEqual([]);

    await sendDemo(HOT_TEXT, customer);
    const lead = await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.lead.findFirstOrThrow({ where: { workspaceId: ws.workspaceId, contact: { conversations: { some: { id: first.conversationId } } } } }));
    expect(lead.tier).toBe("HOT");
    const rows = (await notificationsOf(ws.workspaceId)).filter((n) => n.kind === "HOT_LEAD");
    expect(recipients(rows, "HOT_LEAD")).toEqual([ws.members.ADMIN.userId, ws.members.AGENT.userId, ws.members.VIEWER.userId].sort());
    expect(rows.every((n) => n.leadId === lead.id && n.conversationId === first.conversationId)).toBe(true);
    // Labels only: no message text, name or handle.
    expect(JSON.stringify(rows)).not.toMatch(/seats|Robin|robin_h/);

    // Still hot on the next message the same day: nothing new.
    await sendDemo("Can you also send the invoice details for the 50 seats? We're ready to order.", customer);
    expect((await notificationsOf(ws.workspaceId)).filter((n) => n.kind === "HOT_LEAD")).toHaveLength(3);
    expect(await notificationsOf(other.workspaceId)).toEqual([]);
  }, 120_000);
});

describe("failed send (record-send-outcomes)", () => {
  it("notifies admins and the agent who sees the conversation, never viewers or other agents; once per reply", async () => {
    const { conversationId } = await conversationWithLead(ws, ws.members.AGENT.userId);
    const replyId = await failSend(conversationId);
    const rows = (await notificationsOf(ws.workspaceId)).filter((n) => n.kind === "SEND_FAILED" && n.conversationId === conversationId);
    expect(recipients(rows, "SEND_FAILED")).toEqual([ws.members.ADMIN.userId, ws.members.AGENT.userId].sort());
    expect(JSON.stringify(rows)).not.toContain("4417");

    // The same outcome recorded again (a retried job) adds nothing.
    await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.reply.update({ where: { id: replyId }, data: { status: "SENDING" } }));
    const claimed = { id: replyId, conversationId, channelId: ws.channelId, attempts: 1 } as ClaimedReply;
    await withTenantSqlOutbox({ workspaceId: ws.workspaceId }, silentPublisher, (tx, outbox) =>
      recordSendOutcomes(tx, outbox, ws.workspaceId, [{ reply: claimed, kind: "failed", error: new Error("again"), markReauth: false }]),
    );
    expect((await notificationsOf(ws.workspaceId)).filter((n) => n.kind === "SEND_FAILED" && n.conversationId === conversationId)).toHaveLength(2);
  });

  it("an unassigned conversation's failure reaches both agents", async () => {
    const { conversationId } = await conversationWithLead(ws, null);
    await failSend(conversationId);
    const rows = (await notificationsOf(ws.workspaceId)).filter((n) => n.kind === "SEND_FAILED" && n.conversationId === conversationId);
    expect(recipients(rows, "SEND_FAILED")).toEqual([ws.members.ADMIN.userId, ws.members.AGENT.userId, ws.otherAgent.userId].sort());
  });

  it("a reply that is not FAILED (the fenced update did not apply) notifies nobody", async () => {
    const { conversationId } = await conversationWithLead(ws, null);
    const reply = await addReply(ws.workspaceId, conversationId, "SENDING");
    // A newer attempt took the lease: attempt 1's failure does not apply.
    await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.reply.update({ where: { id: reply.id }, data: { attempts: 2 } }));
    const claimed = { id: reply.id, conversationId, channelId: ws.channelId, attempts: 1 } as ClaimedReply;
    await withTenantSqlOutbox({ workspaceId: ws.workspaceId }, silentPublisher, (tx, outbox) =>
      recordSendOutcomes(tx, outbox, ws.workspaceId, [{ reply: claimed, kind: "failed", error: new Error("late"), markReauth: false }]),
    );
    expect((await notificationsOf(ws.workspaceId)).filter((n) => n.conversationId === conversationId)).toEqual([]);
  });
});

describe("channel needs re-authorisation (mark-channels-need-reauth)", () => {
  it("notifies admins only, once per channel per day", async () => {
    const channel = await withTenant({ workspaceId: ws.workspaceId }, (tx) =>
      tx.channel.create({ data: { workspaceId: ws.workspaceId, platform: "X", externalId: `x-${Date.now()}`, name: "Acme on X" }, select: { id: true } }),
    );
    await withTenantSqlOutbox({ workspaceId: ws.workspaceId }, silentPublisher, (tx, outbox) => markChannelsNeedReauth(tx, outbox, ws.workspaceId, [channel.id], "send_rejected"));
    const rows = (await notificationsOf(ws.workspaceId)).filter((n) => n.kind === "CHANNEL_REAUTH");
    expect(rows.map((r) => r.userId)).toEqual([ws.members.ADMIN.userId]);
    expect(rows[0]!.channelId).toBe(channel.id);

    // Reconnected and refused again the same day: still one.
    await withTenant({ workspaceId: ws.workspaceId }, (tx) => tx.channel.update({ where: { id: channel.id }, data: { status: "ACTIVE" } }));
    await withTenantSqlOutbox({ workspaceId: ws.workspaceId }, silentPublisher, (tx, outbox) => markChannelsNeedReauth(tx, outbox, ws.workspaceId, [channel.id], "poll_rejected"));
    expect((await notificationsOf(ws.workspaceId)).filter((n) => n.kind === "CHANNEL_REAUTH")).toHaveLength(1);
    expect((await notificationsOf(other.workspaceId)).filter((n) => n.kind === "CHANNEL_REAUTH")).toEqual([]);
  });
});

describe("drafts waiting (notify-waiting-drafts job)", () => {
  it("batches drafts older than the wait into one notification per admin and agent who sees them; reruns add nothing", async () => {
    const assigned = await conversationWithLead(other, other.members.AGENT.userId);
    const unassigned = await conversationWithLead(other, null);
    const old = new Date(Date.now() - (DRAFT_WAIT_MINUTES + 5) * 60_000);
    await addReply(other.workspaceId, assigned.conversationId, "DRAFT", old);
    await addReply(other.workspaceId, assigned.conversationId, "DRAFT", new Date(old.getTime() + 1000));
    await addReply(other.workspaceId, unassigned.conversationId, "DRAFT", new Date(old.getTime() + 2000));
    await addReply(other.workspaceId, unassigned.conversationId, "DRAFT"); // too recent

    await notifyWaitingDraftsJob({ publish });
    const rows = (await notificationsOf(other.workspaceId)).filter((n) => n.kind === "DRAFTS_WAITING");
    expect(recipients(rows, "DRAFTS_WAITING")).toEqual([other.members.ADMIN.userId, other.members.AGENT.userId, other.otherAgent.userId].sort());
    const count = (userId: string) => (rows.find((r) => r.userId === userId)!.data as { count: number }).count;
    expect(count(other.members.ADMIN.userId)).toBe(3);
    expect(count(other.members.AGENT.userId)).toBe(3);
    expect(count(other.otherAgent.userId)).toBe(1); // only the unassigned conversation's draft
    expect(rows.find((r) => r.userId === other.otherAgent.userId)!.conversationId).toBe(unassigned.conversationId);

    await notifyWaitingDraftsJob({ publish });
    expect((await notificationsOf(other.workspaceId)).filter((n) => n.kind === "DRAFTS_WAITING")).toHaveLength(3);

    // A newer draft once it has waited: one more each for those who see it, counting only the new one.
    await notifyWaitingDraftsJob({ publish }, new Date(Date.now() + (DRAFT_WAIT_MINUTES + 1) * 60_000));
    const later = (await notificationsOf(other.workspaceId)).filter((n) => n.kind === "DRAFTS_WAITING");
    expect(later).toHaveLength(6);
    expect(later.slice(3).every((n) => (n.data as { count: number }).count === 1)).toBe(true);
  });

  it("never notifies viewers, and a muted kind is not created", async () => {
    await withTenant({ workspaceId: ws.workspaceId }, (tx) =>
      tx.notificationPreference.create({ data: { workspaceId: ws.workspaceId, userId: ws.members.ADMIN.userId, mutedKinds: ["DRAFTS_WAITING"] } }),
    );
    // The job runs for every workspace: earlier tests' runs may have announced this one's drafts already.
    const before = new Set((await notificationsOf(ws.workspaceId)).map((n) => n.id));
    const { conversationId } = await conversationWithLead(ws, null);
    await addReply(ws.workspaceId, conversationId, "DRAFT");
    await notifyWaitingDraftsJob({ publish }, new Date(Date.now() + (DRAFT_WAIT_MINUTES + 2) * 60_000));
    const rows = (await notificationsOf(ws.workspaceId)).filter((n) => n.kind === "DRAFTS_WAITING" && !before.has(n.id));
    expect(recipients(rows, "DRAFTS_WAITING")).toEqual([ws.members.AGENT.userId, ws.otherAgent.userId].sort());
  });
});
