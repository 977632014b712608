import { Prisma } from "@/generated/prisma/client";
import { blindIndex, encrypt, encryptOptional } from "../crypto/field-crypto";
import { db } from "../db/client";
import { withTenant, type Tx } from "../db/tenant";
import type { InboundEvent } from "../channels/inbound-event";
import { MAX_MESSAGE_CHARS } from "../channels/inbound-event";
import { logger } from "../logger";
import { realtime } from "../runtime/ports";
import { publishJob } from "../runtime/queue";
import { sanitiseText } from "./sanitise-text";

export type IngestResult =
  | { status: "stored"; workspaceId: string; messageId: string }
  | { status: "duplicate"; workspaceId: string; messageId: string }
  | { status: "unknown-channel" };

async function upsertContact(tx: Tx, workspaceId: string, channelId: string, event: InboundEvent): Promise<string> {
  const s = event.sender;
  const platformUserHash = blindIndex(`${event.platform}:${s.platformUserId}`);
  const profile = {
    displayNameEnc: encryptOptional(s.displayName),
    handleEnc: encryptOptional(s.handle),
    handleHash: s.handle ? blindIndex(s.handle.replace(/^@/, "")) : null,
    followers: s.followers ?? null,
    verified: s.verified ?? false,
  };
  const contact = await tx.contact.upsert({
    where: { channelId_platformUserHash: { channelId, platformUserHash } },
    update: profile,
    create: { workspaceId, channelId, platformUserHash, platformUserIdEnc: encrypt(s.platformUserId), ...profile },
    select: { id: true },
  });
  await tx.lead.upsert({ where: { contactId: contact.id }, update: {}, create: { workspaceId, contactId: contact.id } });
  return contact.id;
}

async function upsertConversation(tx: Tx, workspaceId: string, channelId: string, contactId: string, event: InboundEvent): Promise<string> {
  const conversation = await tx.conversation.upsert({
    where: { channelId_externalThreadId: { channelId, externalThreadId: event.threadId } },
    update: { lastMessageAt: event.sentAt, lastInboundAt: event.sentAt, status: "OPEN" },
    create: { workspaceId, channelId, contactId, kind: event.kind, externalThreadId: event.threadId, lastMessageAt: event.sentAt, lastInboundAt: event.sentAt },
    select: { id: true },
  });
  return conversation.id;
}

/**
 * Stores one inbound event exactly once (unique channel + platform message id) and queues it
 * for the agents. A redelivered event is a no-op, except that a message still waiting for its
 * job is re-queued (the job's dedup id keeps that from running twice). Events for a channel we
 * don't know are acknowledged and logged, never crash the webhook. Inbound messages are stored
 * whatever the channel's token state (a channel needing re-auth still receives).
 */
export async function ingestEvent(event: InboundEvent): Promise<IngestResult> {
  const route = await db().channelRoute.findUnique({
    where: { platform_externalId: { platform: event.platform, externalId: event.channelExternalId } },
  });
  if (!route) {
    logger.warn({ platform: event.platform }, "webhook event for an unknown channel acknowledged");
    return { status: "unknown-channel" };
  }
  const { workspaceId, channelId } = route;
  const { text, truncated } = sanitiseText(event.text, MAX_MESSAGE_CHARS);

  const stored = await withTenant({ workspaceId }, async (tx) => {
    const existing = await tx.message.findUnique({
      where: { channelId_platformMessageId: { channelId, platformMessageId: event.platformMessageId } },
      select: { id: true, status: true, conversationId: true },
    });
    if (existing) return { ...existing, duplicate: true };
    const contactId = await upsertContact(tx, workspaceId, channelId, event);
    const conversationId = await upsertConversation(tx, workspaceId, channelId, contactId, event);
    try {
      const message = await tx.message.create({
        data: {
          workspaceId, channelId, conversationId, direction: "INBOUND", platformMessageId: event.platformMessageId,
          textEnc: encrypt(text), sentAt: event.sentAt, error: truncated ? "Message truncated to 100,000 characters." : null,
        },
        select: { id: true, status: true },
      });
      return { ...message, conversationId, duplicate: false };
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
        return null; // a concurrent delivery of the same event won the race
      }
      throw error;
    }
  });
  if (!stored) {
    const again = await withTenant({ workspaceId }, (tx) =>
      tx.message.findUniqueOrThrow({ where: { channelId_platformMessageId: { channelId, platformMessageId: event.platformMessageId } }, select: { id: true } }),
    );
    return { status: "duplicate", workspaceId, messageId: again.id };
  }

  if (!stored.duplicate || stored.status === "RECEIVED") {
    await publishJob("process-message", { workspaceId, messageId: stored.id }, { dedupId: stored.id });
  }
  if (!stored.duplicate) {
    await realtime()
      .publish(workspaceId, { type: "message.created", conversationId: stored.conversationId, messageId: stored.id })
      .catch((err: unknown) => logger.warn({ workspaceId, err: { message: String(err) } }, "realtime publish failed"));
  }
  return { status: stored.duplicate ? "duplicate" : "stored", workspaceId, messageId: stored.id };
}
