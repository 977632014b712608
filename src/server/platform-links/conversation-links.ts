import type { Platform, Role } from "@/generated/prisma/client";
import { visibleConversations } from "../access/access-rules";
import type { Tx } from "../infra/db/tenant";
import { AppError } from "../infra/errors/app-error";
import { messagePostUrl, threadPostUrl } from "./build-post-url";

export type ConversationLinks = {
  platform: Platform;
  /** The post the thread hangs off, when it has an address. */
  thread: string | null;
  /** Message id -> the address of that post or comment (only messages that have one). */
  messages: Record<string, string>;
};

/**
 * "View on <platform>" links for a conversation the actor sees: the thread's post and each
 * message's (the same window of messages as the conversation view). Ids only are read; nothing
 * is decrypted. Not found for a conversation the actor does not see.
 */
export async function conversationLinks(tx: Tx, actor: { workspaceId: string; role: Role; userId: string }, conversationId: string): Promise<ConversationLinks> {
  const c = await tx.conversation.findFirst({
    where: { id: conversationId, ...visibleConversations(actor.workspaceId, actor.role, actor.userId), channel: { workspaceId: actor.workspaceId } },
    select: {
      kind: true,
      externalThreadId: true,
      channel: { select: { platform: true } },
      messages: { where: { workspaceId: actor.workspaceId }, orderBy: { sentAt: "asc" }, take: 200, select: { id: true, platformMessageId: true, deletedAt: true } },
    },
  });
  if (!c) throw new AppError("NOT_FOUND", "Conversation not found.");
  const platform = c.channel.platform;
  const messages: Record<string, string> = {};
  for (const m of c.messages) {
    // A post its author deleted is gone on the platform too.
    const url = m.deletedAt ? null : messagePostUrl(platform, c.kind, m.platformMessageId);
    if (url) messages[m.id] = url;
  }
  return { platform, thread: threadPostUrl(platform, c.kind, c.externalThreadId), messages };
}
