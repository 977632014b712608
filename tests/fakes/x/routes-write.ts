/**
 * Writes: POST /2/tweets (text; reply.in_reply_to_tweet_id; weighted 280 limit; the 2026 reply
 * rule: since 2026-02-23 self-serve plans may reply only to posts whose author mentioned or
 * quoted the account, per X's developer announcement reported by odaily.news 2026-02-24 and
 * thedailyscout.com) and POST /2/dm_conversations/with/:participant_id/messages.
 */
import { parseJsonObject } from "../shared/http";
import { DUPLICATE_CONTENT, forbidden, invalidRequest, REPLY_NOT_ALLOWED, REPLY_TARGET_MISSING, type XAnswer } from "./errors";
import { dmConversationId, snowflake, type XStore } from "./state";
import { MAX_POST_WEIGHT, weightedLength } from "./weighted-length";

export interface WriteRules {
  /** "mention-or-quote" (self-serve plans since 2026-02) or "open" (Enterprise). */
  replyRule: "mention-or-quote" | "open";
  now: () => number;
}

/** True when `target` (by someone else) mentions @account or quotes one of its posts. */
function engagedBy(store: XStore, accountId: string, targetId: string): boolean {
  const target = store.tweets.find((t) => t.id === targetId);
  const account = store.users.get(accountId);
  if (!target || !account) return false;
  if (target.authorId === accountId) return true;
  if (new RegExp(`(^|[^\\w])@${account.username}\\b`, "i").test(target.text)) return true;
  return target.referenced.some((r) => r.type === "quoted" && store.tweets.find((t) => t.id === r.id)?.authorId === accountId);
}

export function createTweet(store: XStore, userId: string, raw: string, rules: WriteRules): XAnswer {
  const body = parseJsonObject(raw);
  if (!body) return invalidRequest("Request body is not valid JSON.");
  const text = typeof body.text === "string" ? body.text : "";
  if (!text) return invalidRequest("The `text` field is required when no media is attached.", { text: [""] });
  if (weightedLength(text) > MAX_POST_WEIGHT) return invalidRequest("Your Post text is too long.", { text: [text] });
  const reply = typeof body.reply === "object" && body.reply !== null ? (body.reply as Record<string, unknown>) : undefined;
  const replyTo = typeof reply?.in_reply_to_tweet_id === "string" ? reply.in_reply_to_tweet_id : undefined;
  const target = replyTo ? store.tweets.find((t) => t.id === replyTo) : undefined;
  if (replyTo && !target) return forbidden(REPLY_TARGET_MISSING);
  if (target && rules.replyRule === "mention-or-quote" && !engagedBy(store, userId, target.id)) return forbidden(REPLY_NOT_ALLOWED);
  if (store.tweets.some((t) => t.authorId === userId && t.text === text)) return forbidden(DUPLICATE_CONTENT);
  const id = snowflake();
  store.tweets.push({
    id,
    authorId: userId,
    text,
    createdAt: rules.now(),
    conversationId: target?.conversationId ?? id,
    inReplyToUserId: target?.authorId,
    referenced: target ? [{ type: "replied_to", id: target.id }] : [],
  });
  return { status: 201, body: { data: { id, text, edit_history_tweet_ids: [id] } } };
}

export function sendDm(store: XStore, userId: string, participantId: string, raw: string, now: number): XAnswer {
  const body = parseJsonObject(raw);
  const text = typeof body?.text === "string" ? body.text : "";
  if (!store.users.has(participantId) || participantId === userId) {
    return invalidRequest(`The \`participant_id\` path parameter value [${participantId}] is not a valid recipient`, { participant_id: [participantId] });
  }
  if (!text) return invalidRequest("The `text` field is required when no attachments are given.", { text: [""] });
  if ([...text].length > 10_000) return invalidRequest("The `text` field is too long.", { text: [text.slice(0, 20)] });
  const id = snowflake();
  store.dmEvents.push({ id, senderId: userId, recipientId: participantId, text, createdAt: now });
  return { status: 201, body: { data: { dm_conversation_id: dmConversationId(userId, participantId), dm_event_id: id } } };
}
