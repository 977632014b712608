import { z } from "zod";
import type { ChannelCredentials, OutboundReply } from "../connector";
import { ChannelAuthError, ChannelRejectedError } from "../connector";
import { xRequest } from "./x-client";
import { xConfigFromEnv, type XConfig } from "./x-config";
import { X_MAX_DM_CHARS } from "./x-capabilities";
import { X_MAX_POST_WEIGHT, xWeightedLength } from "./x-weighted-length";

const createdTweet = z.object({ data: z.object({ id: z.string().min(1) }) });
const sentDm = z.object({ data: z.object({ dm_event_id: z.string().min(1), dm_conversation_id: z.string().optional() }) });

/** The post being answered, when the caller has it stored: lets the 2026 reply rule be checked before any call. */
export type XReplyTarget = { authorId: string; text: string; quotedAuthorIds?: readonly string[] };

/**
 * X's 2026 rule (self-serve plans, since 2026-02-23): a programmatic reply may only answer a
 * post whose author @mentioned the account or quoted one of its posts (or the account's own
 * post). Sources in docs/platforms/x.md.
 */
export function mayReplyTo(target: XReplyTarget, account: { id: string; username: string }): boolean {
  if (target.authorId === account.id) return true;
  const escaped = account.username.replace(/[^A-Za-z0-9_]/g, "");
  if (new RegExp(`(^|[^\\w])@${escaped}\\b`, "i").test(target.text)) return true;
  return (target.quotedAuthorIds ?? []).includes(account.id);
}

/**
 * Sends a reply as the connected account: a MENTION as a post in reply to the mention
 * (POST /2/tweets), a DM to the customer (POST /2/dm_conversations/with/:id/messages).
 * Refuses up front (ChannelRejectedError, no call made) what X would refuse: a COMMENT, an
 * empty or over-long text (280 weighted / 10,000 chars), a mention reply without the post it
 * answers, or one to a post that did not engage the account when `target` is given.
 * X has no idempotency key: a timeout on the POST (XTransientError.ambiguous) may have posted.
 */
export async function sendXReply(
  credentials: ChannelCredentials,
  reply: OutboundReply,
  options: { target?: XReplyTarget; accountUsername?: string } = {},
  config: XConfig = xConfigFromEnv(),
): Promise<{ platformMessageId: string }> {
  if (!credentials.accessToken) throw new ChannelAuthError("The X channel has no access token.");
  if (!reply.text.trim()) throw new ChannelRejectedError("The reply is empty.");
  if (reply.conversationKind === "MENTION") {
    const inReplyTo = reply.inReplyToPlatformMessageId;
    if (!inReplyTo) throw new ChannelRejectedError("An X reply must answer the post that mentioned the account.");
    if (xWeightedLength(reply.text) > X_MAX_POST_WEIGHT) throw new ChannelRejectedError(`The reply is longer than X's ${X_MAX_POST_WEIGHT} weighted characters.`);
    if (options.target && options.accountUsername && !mayReplyTo(options.target, { id: credentials.externalId, username: options.accountUsername })) {
      throw new ChannelRejectedError("X allows replies only to posts that mentioned or quoted the account.");
    }
    const { data } = await xRequest(config, credentials.accessToken, { method: "POST", path: "/2/tweets", json: { text: reply.text, reply: { in_reply_to_tweet_id: inReplyTo } }, schema: createdTweet });
    return { platformMessageId: data.data.id };
  }
  if (reply.conversationKind === "DM") {
    if ([...reply.text].length > X_MAX_DM_CHARS) throw new ChannelRejectedError(`The DM is longer than X's ${X_MAX_DM_CHARS} characters.`);
    if (!/^\d{1,19}$/.test(reply.recipientPlatformUserId)) throw new ChannelRejectedError("The DM recipient is not an X user id.");
    const path = `/2/dm_conversations/with/${reply.recipientPlatformUserId}/messages`;
    const { data } = await xRequest(config, credentials.accessToken, { method: "POST", path, json: { text: reply.text }, schema: sentDm });
    return { platformMessageId: data.data.dm_event_id };
  }
  throw new ChannelRejectedError("X has no comment surface: reply to a mention or a DM.");
}
