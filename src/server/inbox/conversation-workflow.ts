import { z } from "zod";
import type { Role } from "@/generated/prisma/client";
import { canAssign, visibleConversations } from "../access/access-rules";
import { recordAudit } from "../audit/record-audit";
import { decrypt, decryptOptional } from "../infra/crypto/field-crypto";
import type { Tx } from "../infra/db/tenant";
import { AppError } from "../infra/errors/app-error";
import type { OutboxWriter } from "../infra/outbox/outbox-entry";

type Actor = { workspaceId: string; userId: string; role: Role };

/** The longest snooze: past this a conversation should be closed instead. */
export const MAX_SNOOZE_DAYS = 365;

export const statusChangeSchema = z.discriminatedUnion("status", [
  z.object({ status: z.literal("OPEN") }),
  z.object({ status: z.literal("CLOSED") }),
  z.object({ status: z.literal("SNOOZED"), until: z.coerce.date() }),
]);
export type StatusChange = z.infer<typeof statusChangeSchema>;

async function visibleConversation(tx: Tx, actor: Actor, conversationId: string) {
  const found = await tx.conversation.findFirst({
    where: { id: conversationId, ...visibleConversations(actor.workspaceId, actor.role, actor.userId) },
    select: { id: true, status: true, snoozedUntil: true, assigneeId: true, contactId: true },
  });
  if (!found) throw new AppError("NOT_FOUND", "Conversation not found.");
  return found;
}

/**
 * Open, close or snooze a conversation (agents and admins, on conversations they see). A snooze
 * needs a time in the future, at most MAX_SNOOZE_DAYS ahead; it ends by itself when that time
 * passes (the list shows it open again) or when the customer writes (ingest reopens it). Audited;
 * other open inboxes update.
 */
export async function setConversationStatus(tx: Tx, outbox: OutboxWriter, actor: Actor, input: { conversationId: string; change: StatusChange }, now = new Date()): Promise<void> {
  const { change } = input;
  if (change.status === "SNOOZED") {
    if (Number.isNaN(change.until.getTime()) || change.until <= now) throw new AppError("BAD_REQUEST", "Snooze until a time in the future.");
    if (change.until.getTime() - now.getTime() > MAX_SNOOZE_DAYS * 86_400_000) throw new AppError("BAD_REQUEST", `A conversation can be snoozed for at most ${MAX_SNOOZE_DAYS} days; close it instead.`);
  }
  const before = await visibleConversation(tx, actor, input.conversationId);
  const snoozedUntil = change.status === "SNOOZED" ? change.until : null;
  await tx.conversation.updateMany({ where: { id: before.id, workspaceId: actor.workspaceId }, data: { status: change.status, snoozedUntil } });
  await recordAudit(tx, actor.workspaceId, {
    actor: { type: "USER", id: actor.userId }, action: "conversation.status", target: { type: "conversation", id: before.id },
    metadata: { from: before.status, to: change.status, ...(snoozedUntil ? { snoozedUntil: snoozedUntil.toISOString() } : {}) },
  });
  outbox.event({ type: "conversation.updated", conversationId: before.id });
}

/**
 * Assigns a conversation (or unassigns it: `assigneeId` null). Admins assign to any agent or
 * admin of the workspace; agents take a conversation themselves or put theirs back (canAssign).
 * Audited; other open inboxes update (an agent's list loses what went to someone else).
 */
export async function assignConversation(tx: Tx, outbox: OutboxWriter, actor: Actor, input: { conversationId: string; assigneeId: string | null }, now = new Date()): Promise<void> {
  if (!canAssign(actor.role, actor.userId, input.assigneeId)) throw new AppError("FORBIDDEN", "Agents can assign conversations to themselves or unassign them; an admin assigns them to others.");
  const before = await visibleConversation(tx, actor, input.conversationId);
  if (input.assigneeId !== null) {
    const member = await tx.membership.findFirst({ where: { workspaceId: actor.workspaceId, userId: input.assigneeId }, select: { role: true } });
    if (!member) throw new AppError("BAD_REQUEST", "That person is not a member of this workspace.");
    if (member.role === "VIEWER") throw new AppError("BAD_REQUEST", "Viewers cannot answer conversations; assign it to an agent or admin.");
  }
  if (before.assigneeId === input.assigneeId) return;
  await tx.conversation.updateMany({
    where: { id: before.id, workspaceId: actor.workspaceId },
    data: { assigneeId: input.assigneeId, assignedAt: input.assigneeId ? now : null },
  });
  await recordAudit(tx, actor.workspaceId, {
    actor: { type: "USER", id: actor.userId }, action: input.assigneeId ? "conversation.assign" : "conversation.unassign", target: { type: "conversation", id: before.id },
    metadata: { from: before.assigneeId, to: input.assigneeId },
  });
  outbox.event({ type: "conversation.updated", conversationId: before.id });
}

/** The member opened the conversation: everything up to now is read (for them only). */
export async function markConversationRead(tx: Tx, actor: Actor, conversationId: string, now = new Date()): Promise<void> {
  const c = await visibleConversation(tx, actor, conversationId);
  await tx.conversationRead.upsert({
    where: { conversationId_userId: { conversationId: c.id, userId: actor.userId } },
    create: { workspaceId: actor.workspaceId, conversationId: c.id, userId: actor.userId, readAt: now },
    update: { readAt: now },
  });
}

/** The workspace's members who can be assigned conversations (agents and admins), for the assign menu. */
export async function listAssignees(tx: Tx, workspaceId: string): Promise<Array<{ userId: string; name: string; role: Role }>> {
  const rows = await tx.membership.findMany({
    where: { workspaceId, role: { in: ["ADMIN", "AGENT"] } },
    select: { userId: true, role: true, user: { select: { nameEnc: true, emailEnc: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((r) => ({ userId: r.userId, role: r.role, name: decryptOptional(r.user.nameEnc) ?? decrypt(r.user.emailEnc) }));
}
