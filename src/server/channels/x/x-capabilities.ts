import { REPLY_LIMITS } from "@/shared/reply-limits";
import type { ChannelCapabilities } from "../connector";

export const X_MAX_DM_CHARS = REPLY_LIMITS.X.DM.max;

/**
 * What X allows. The lengths are X's row of the shared table (src/shared/reply-limits.ts): a
 * reply to a mention is a post of 280 *weighted* characters (URLs 23, CJK/emoji 2), a DM 10,000
 * characters. No reply window. Surfaces MENTION and DM only: since 2026-02-23 X lets an API reply
 * go only to a post that mentioned or quoted the account (docs/platforms/x.md, "2026 reply
 * rule"), which is what a MENTION conversation is; any other public post (COMMENT) is refused.
 */
export const xCapabilities: ChannelCapabilities = {
  surfaces: ["MENTION", "DM"],
  replyLimits: REPLY_LIMITS.X,
  replyWindowHours: null,
  humanReplyWindowHours: null,
  automatedReplies: true,
};
