/**
 * X read pages -> InboundEvents. Shapes: GET /2/users/:id/mentions and GET /2/dm_events with
 * the author/sender expanded (docs.x.com/x-api/posts/get-mentions, .../direct-messages, checked
 * 2026-11-30). Items that cannot be mapped (our own sends, other event types, missing fields)
 * come back as `event: null`: the poller still moves its cursor past them.
 */
import { z } from "zod";
import { logger } from "../../infra/logger";
import { inboundEventSchema, type InboundEvent } from "../inbound-event";

/** What the poller needs from a page: ids newest first, and the token for the next one. */
export type XPage = { items: Array<{ id: string; event: InboundEvent | null }>; nextToken: string | undefined };

export const X_USER_FIELDS = "name,username,public_metrics,verified";
export const X_TWEET_FIELDS = "author_id,created_at,conversation_id,in_reply_to_user_id,referenced_tweets";
export const X_DM_FIELDS = "id,text,event_type,created_at,sender_id,dm_conversation_id";

const id = z.string().regex(/^\d{1,19}$/);
export const xPageSchema = z.object({
  data: z.array(z.object({ id }).passthrough()).optional(),
  includes: z.object({ users: z.array(z.unknown()).optional() }).passthrough().optional(),
  meta: z.object({ next_token: z.string().optional() }).passthrough().optional(),
});
type RawPage = z.infer<typeof xPageSchema>;

const userSchema = z.object({
  id,
  name: z.string().max(200).optional(),
  username: z.string().max(100).optional(),
  verified: z.boolean().optional(),
  public_metrics: z.object({ followers_count: z.number().int().min(0).optional() }).partial().optional(),
});
const tweetSchema = z.object({ id, text: z.string(), author_id: id, created_at: z.string().datetime({ offset: true }), conversation_id: id.optional() });
const dmSchema = z.object({ id, event_type: z.string(), text: z.string().optional(), sender_id: id.optional(), created_at: z.string().datetime({ offset: true }), dm_conversation_id: z.string().min(1).optional() });

function usersOf(page: RawPage) {
  const users = new Map<string, z.infer<typeof userSchema>>();
  for (const raw of page.includes?.users ?? []) {
    const user = userSchema.safeParse(raw);
    if (user.success) users.set(user.data.id, user.data);
  }
  return users;
}

function sender(users: ReturnType<typeof usersOf>, userId: string): InboundEvent["sender"] {
  const u = users.get(userId);
  return { platformUserId: userId, displayName: u?.name, handle: u?.username, followers: u?.public_metrics?.followers_count, verified: u?.verified };
}

function skipped(itemId: string, kind: string): null {
  logger.warn({ platform: "X", kind, itemId }, "skipping an X item that does not map to an inbound event");
  return null;
}

function checked(candidate: unknown, itemId: string, kind: string): InboundEvent | null {
  const event = inboundEventSchema.safeParse(candidate);
  return event.success ? event.data : skipped(itemId, kind);
}

export function mapMentionPage(page: RawPage, accountId: string): XPage {
  const users = usersOf(page);
  const items = (page.data ?? []).map((raw) => {
    const t = tweetSchema.safeParse(raw);
    if (!t.success) return { id: raw.id, event: skipped(raw.id, "MENTION") };
    if (t.data.author_id === accountId) return { id: t.data.id, event: null };
    const { data: tw } = t;
    return {
      id: tw.id,
      event: checked({ platform: "X", channelExternalId: accountId, platformMessageId: tw.id, threadId: tw.conversation_id ?? tw.id, kind: "MENTION", sender: sender(users, tw.author_id), text: tw.text, sentAt: tw.created_at }, tw.id, "MENTION"),
    };
  });
  return { items, nextToken: page.meta?.next_token };
}

export function mapDmPage(page: RawPage, accountId: string): XPage {
  const users = usersOf(page);
  const items = (page.data ?? []).map((raw) => {
    const e = dmSchema.safeParse(raw);
    if (!e.success) return { id: raw.id, event: skipped(raw.id, "DM") };
    const dm = e.data;
    // Only messages from the customer: join/leave events and our own sends are skipped.
    if (dm.event_type !== "MessageCreate" || !dm.sender_id || dm.sender_id === accountId) return { id: dm.id, event: null };
    return {
      id: dm.id,
      event: checked({ platform: "X", channelExternalId: accountId, platformMessageId: dm.id, threadId: dm.dm_conversation_id, kind: "DM", sender: sender(users, dm.sender_id), text: dm.text, sentAt: dm.created_at }, dm.id, "DM"),
    };
  });
  return { items, nextToken: page.meta?.next_token };
}
