/**
 * Polling reads: GET /2/users/me, GET /2/users/:id/mentions (since_id, until_id,
 * pagination_token, max_results 5-100, tweet.fields, expansions; meta.newest_id/oldest_id/
 * next_token), GET /2/dm_events (max_results 1-100, pagination_token, dm_event.fields,
 * event_types, expansions). Newest first. docs.x.com/x-api/posts/get-mentions and
 * docs.x.com/x-api/direct-messages/get-dm-events (seen 2026-11).
 */
import type { Params } from "../shared/http";
import { invalidRequest, type XAnswer } from "./errors";
import { compareIds, dmConversationId, type XStore, type XTweet, type XDmEvent, type XUser } from "./state";

const iso = (ms: number) => new Date(ms).toISOString();
const list = (value: string | undefined) => new Set((value ?? "").split(",").map((s) => s.trim()).filter(Boolean));
const token = (id: string) => Buffer.from(`before:${id}`).toString("base64url");
const untoken = (t: string | undefined) => (t ? /^before:(\d+)$/.exec(Buffer.from(t, "base64url").toString("utf8"))?.[1] : undefined);

function limitParam(p: Params, min: number, max: number, fallback: number): number | XAnswer {
  if (p.max_results === undefined) return fallback;
  const n = Number(p.max_results);
  if (!Number.isInteger(n) || n < min || n > max) {
    return invalidRequest(`The \`max_results\` query parameter value [${p.max_results}] is not between ${min} and ${max}`, { max_results: [p.max_results] });
  }
  return n;
}

function tweetJson(t: XTweet, fields: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = { id: t.id, text: t.text, edit_history_tweet_ids: [t.id] };
  if (fields.has("author_id")) out.author_id = t.authorId;
  if (fields.has("created_at")) out.created_at = iso(t.createdAt);
  if (fields.has("conversation_id")) out.conversation_id = t.conversationId;
  if (fields.has("in_reply_to_user_id") && t.inReplyToUserId) out.in_reply_to_user_id = t.inReplyToUserId;
  if (fields.has("referenced_tweets") && t.referenced.length) out.referenced_tweets = t.referenced;
  return out;
}

export function me(store: XStore, userId: string): XAnswer {
  const user = store.users.get(userId);
  return { status: 200, body: { data: user } };
}

/** The newest-first slice after `pagination_token`, and the meta block X adds. */
function pageOf<T extends { id: string }>(items: T[], p: Params, max: number) {
  const before = untoken(p.pagination_token);
  const sorted = items.filter((i) => !before || compareIds(i.id, before) < 0).sort((a, b) => compareIds(b.id, a.id));
  const page = sorted.slice(0, max);
  const first = page[0];
  const lastItem = page.at(-1);
  if (!first || !lastItem) return { page, meta: { result_count: 0 } as Record<string, unknown> };
  const meta: Record<string, unknown> = { result_count: page.length, newest_id: first.id, oldest_id: lastItem.id };
  if (sorted.length > page.length) meta.next_token = token(lastItem.id);
  return { page, meta };
}

const userJson = (u: XUser | undefined) => (u ? { id: u.id, name: u.name, username: u.username } : undefined);

export function mentions(store: XStore, userId: string, p: Params): XAnswer {
  const max = limitParam(p, 5, 100, 10);
  if (typeof max !== "number") return max;
  const user = store.users.get(userId);
  if (!user) return invalidRequest(`The \`id\` query parameter value [${userId}] does not match ^[0-9]{1,19}$`, { id: [userId] });
  const handle = new RegExp(`(^|[^\\w])@${user.username}\\b`, "i");
  // X serves the 800 most recent mentions at most.
  const all = store.tweets.filter((t) => t.authorId !== userId && handle.test(t.text)).sort((a, b) => compareIds(b.id, a.id)).slice(0, 800);
  const inRange = all.filter((t) => (!p.since_id || compareIds(t.id, p.since_id) > 0) && (!p.until_id || compareIds(t.id, p.until_id) < 0));
  const { page, meta } = pageOf(inRange, p, max);
  const body: Record<string, unknown> = { meta };
  if (page.length) body.data = page.map((t) => tweetJson(t, list(p["tweet.fields"])));
  if (page.length && list(p.expansions).has("author_id")) body.includes = { users: [...new Set(page.map((t) => t.authorId))].map((id) => userJson(store.users.get(id))) };
  return { status: 200, body };
}

function dmJson(e: XDmEvent, fields: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = { id: e.id, event_type: "MessageCreate", text: e.text };
  if (fields.has("created_at")) out.created_at = iso(e.createdAt);
  if (fields.has("sender_id")) out.sender_id = e.senderId;
  if (fields.has("dm_conversation_id")) out.dm_conversation_id = dmConversationId(e.senderId, e.recipientId);
  return out;
}

export function dmEvents(store: XStore, userId: string, p: Params): XAnswer {
  const max = limitParam(p, 1, 100, 100);
  if (typeof max !== "number") return max;
  const types = list(p.event_types);
  if (types.size && !types.has("MessageCreate")) return { status: 200, body: { meta: { result_count: 0 } } };
  const mine = store.dmEvents.filter((e) => e.senderId === userId || e.recipientId === userId);
  const { page, meta } = pageOf(mine, p, max);
  const body: Record<string, unknown> = { meta };
  if (page.length) body.data = page.map((e) => dmJson(e, list(p["dm_event.fields"])));
  if (page.length && list(p.expansions).has("sender_id")) body.includes = { users: [...new Set(page.map((e) => e.senderId))].map((id) => userJson(store.users.get(id))) };
  return { status: 200, body };
}
