import { z } from "zod";
import type { Role } from "@/generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import { MAX_REPLY_LENGTH } from "@/shared/reply-limits";
import { decrypt, encrypt } from "../infra/crypto/field-crypto";
import type { Tx } from "../infra/db/tenant";
import type { OutboxWriter } from "../infra/outbox/outbox-entry";
import { AppError } from "../infra/errors/app-error";
import { checkPersonReply } from "./check-person-reply";
import { visibleConversations } from "./list-conversations";

/** A sanity bound only: each platform's own limit is checked against the conversation (checkPersonReply). */
export const replyTextSchema = z.string().trim().min(1, "A reply cannot be empty").max(MAX_REPLY_LENGTH, `Replies are limited to ${MAX_REPLY_LENGTH.toLocaleString("en-US")} characters`);

type Actor = { workspaceId: string; userId: string; role: Role };

/** The conversation, if the actor may see it, with what the platform's reply rules need. */
async function visibleTarget(tx: Tx, actor: Actor, conversationId: string) {
  const found = await tx.conversation.findFirst({
    where: { id: conversationId, ...visibleConversations(actor.workspaceId, actor.role, actor.userId) },
    select: { kind: true, lastInboundAt: true, channel: { select: { platform: true } } },
  });
  if (!found) throw new AppError("NOT_FOUND", "Conversation not found.");
  return { platform: found.channel.platform, kind: found.kind, lastInboundAt: found.lastInboundAt };
}

async function assertVisible(tx: Tx, actor: Actor, conversationId: string): Promise<void> {
  await visibleTarget(tx, actor, conversationId);
}

/**
 * Approve an AI draft (optionally edited): QUEUED, with its send job and the inbox update recorded
 * in the same transaction (published after commit, swept if the publish fails). The text that
 * goes out, edited or not, must pass the platform's rules for a person's reply.
 */
export async function approveDraft(tx: Tx, outbox: OutboxWriter, actor: Actor, input: { replyId: string; text?: string }): Promise<{ replyId: string; conversationId: string }> {
  const draft = await tx.reply.findFirst({ where: { id: input.replyId, workspaceId: actor.workspaceId, status: "DRAFT" } });
  if (!draft) throw new AppError("NOT_FOUND", "No draft with that id (it may already be sent or discarded).");
  const edited = input.text !== undefined;
  checkPersonReply(await visibleTarget(tx, actor, draft.conversationId), input.text ?? decrypt(draft.textEnc), { written: input.text !== undefined });
  const { count } = await tx.reply.updateMany({
    where: { id: draft.id, workspaceId: actor.workspaceId, status: "DRAFT" },
    data: { status: "QUEUED", approvedById: actor.userId, ...(edited ? { textEnc: encrypt(input.text!), source: "AI_EDITED", authorId: actor.userId } : {}) },
  });
  if (count === 0) throw new AppError("NOT_FOUND", "No draft with that id (it may already be sent or discarded).");
  await recordAudit(tx, actor.workspaceId, { actor: { type: "USER", id: actor.userId }, action: edited ? "reply.edit_and_approve" : "reply.approve", target: { type: "reply", id: draft.id } });
  outbox.job("send-reply", { workspaceId: actor.workspaceId, replyId: draft.id }, draft.id).event({ type: "conversation.updated", conversationId: draft.conversationId });
  return { replyId: draft.id, conversationId: draft.conversationId };
}

/** An agent's own reply (overriding the AI), held to the platform's rules: discards pending AI drafts on the conversation. */
export async function sendHumanReply(tx: Tx, outbox: OutboxWriter, actor: Actor, input: { conversationId: string; text: string }): Promise<{ replyId: string }> {
  checkPersonReply(await visibleTarget(tx, actor, input.conversationId), input.text);
  const last = await tx.message.findFirst({ where: { workspaceId: actor.workspaceId, conversationId: input.conversationId, direction: "INBOUND" }, orderBy: { sentAt: "desc" }, select: { id: true } });
  await tx.reply.updateMany({ where: { workspaceId: actor.workspaceId, conversationId: input.conversationId, status: "DRAFT" }, data: { status: "DISCARDED" } });
  const reply = await tx.reply.create({
    data: {
      workspaceId: actor.workspaceId, conversationId: input.conversationId, inReplyToId: last?.id ?? null, source: "HUMAN", status: "QUEUED",
      textEnc: encrypt(input.text), authorId: actor.userId, approvedById: actor.userId,
    },
    select: { id: true },
  });
  await recordAudit(tx, actor.workspaceId, { actor: { type: "USER", id: actor.userId }, action: "reply.override", target: { type: "reply", id: reply.id } });
  outbox.job("send-reply", { workspaceId: actor.workspaceId, replyId: reply.id }, reply.id).event({ type: "conversation.updated", conversationId: input.conversationId });
  return { replyId: reply.id };
}

export async function discardDraft(tx: Tx, outbox: OutboxWriter, actor: Actor, replyId: string): Promise<{ conversationId: string }> {
  const draft = await tx.reply.findFirst({ where: { id: replyId, workspaceId: actor.workspaceId, status: "DRAFT" }, select: { conversationId: true } });
  if (!draft) throw new AppError("NOT_FOUND", "No draft with that id.");
  await assertVisible(tx, actor, draft.conversationId);
  const { count } = await tx.reply.updateMany({ where: { id: replyId, workspaceId: actor.workspaceId, status: "DRAFT" }, data: { status: "DISCARDED" } });
  if (count === 0) throw new AppError("NOT_FOUND", "No draft with that id.");
  await recordAudit(tx, actor.workspaceId, { actor: { type: "USER", id: actor.userId }, action: "reply.discard", target: { type: "reply", id: replyId } });
  outbox.event({ type: "conversation.updated", conversationId: draft.conversationId });
  return { conversationId: draft.conversationId };
}

/** What a person found on the platform about a reply whose delivery is unknown. */
export const unknownReplyOutcomeSchema = z.enum(["sent", "resend"]);

/**
 * Settles a reply whose delivery is unknown (DELIVERY_UNKNOWN: the platform may have posted it)
 * once a person has looked on the platform: "sent" records it SENT (no platform id: we never got
 * one); "resend" queues it again with its send job (a new dedup id: the first job's is spent),
 * and the send path applies the platform's rules as for any reply. Audited; the inbox updates.
 */
export async function resolveUnknownReply(tx: Tx, outbox: OutboxWriter, actor: Actor, input: { replyId: string; outcome: z.infer<typeof unknownReplyOutcomeSchema> }): Promise<{ conversationId: string }> {
  const notFound = () => new AppError("NOT_FOUND", "No reply awaiting a delivery check with that id (it may already be settled).");
  const reply = await tx.reply.findFirst({ where: { id: input.replyId, workspaceId: actor.workspaceId, status: "DELIVERY_UNKNOWN" }, select: { conversationId: true, attempts: true } });
  if (!reply) throw notFound();
  await assertVisible(tx, actor, reply.conversationId);
  const sent = input.outcome === "sent";
  const { count } = await tx.reply.updateMany({
    where: { id: input.replyId, workspaceId: actor.workspaceId, status: "DELIVERY_UNKNOWN" },
    data: sent ? { status: "SENT", sentAt: new Date(), error: null } : { status: "QUEUED", dispatchedAt: null, error: null },
  });
  if (count === 0) throw notFound();
  await recordAudit(tx, actor.workspaceId, { actor: { type: "USER", id: actor.userId }, action: sent ? "reply.marked_sent" : "reply.resend", target: { type: "reply", id: input.replyId } });
  if (sent) outbox.event({ type: "reply.sent", conversationId: reply.conversationId, replyId: input.replyId });
  else outbox.job("send-reply", { workspaceId: actor.workspaceId, replyId: input.replyId }, `${input.replyId}.resend.${reply.attempts}`).event({ type: "conversation.updated", conversationId: reply.conversationId });
  return { conversationId: reply.conversationId };
}

export async function setAutoReplyPaused(tx: Tx, outbox: OutboxWriter, actor: Actor, input: { conversationId: string; paused: boolean }): Promise<void> {
  await assertVisible(tx, actor, input.conversationId);
  const { count } = await tx.conversation.updateMany({ where: { id: input.conversationId, workspaceId: actor.workspaceId }, data: { autoReplyPaused: input.paused } });
  if (count === 0) throw new AppError("NOT_FOUND", "Conversation not found.");
  await recordAudit(tx, actor.workspaceId, {
    actor: { type: "USER", id: actor.userId }, action: input.paused ? "conversation.auto_reply.pause" : "conversation.auto_reply.resume",
    target: { type: "conversation", id: input.conversationId },
  });
  outbox.event({ type: "conversation.updated", conversationId: input.conversationId });
}
