import type { ConversationReply } from "./describe-reply";
import type { ConversationMessage } from "./message-item";

export type ThreadEntry = { message: ConversationMessage; replies: ConversationReply[] };

/**
 * Each customer message followed by the replies to it (AI drafts, sent, overrides), oldest
 * first. Replies whose message is not in the window (or have none) come last, by time.
 */
export function buildThread(messages: readonly ConversationMessage[], replies: readonly ConversationReply[]): { entries: ThreadEntry[]; unthreaded: ConversationReply[] } {
  const byMessage = new Map<string, ConversationReply[]>(messages.map((m) => [m.id, []]));
  const unthreaded: ConversationReply[] = [];
  const ordered = [...replies].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  for (const reply of ordered) {
    const bucket = reply.inReplyToId ? byMessage.get(reply.inReplyToId) : undefined;
    if (bucket) bucket.push(reply);
    else unthreaded.push(reply);
  }
  return { entries: messages.map((message) => ({ message, replies: byMessage.get(message.id) ?? [] })), unthreaded };
}
