import type { ChannelCapabilities } from "../connector";

export const X_MAX_DM_CHARS = 10_000;

/**
 * What X allows. Mentions are capped at 280 weighted characters (xWeightedLength: URLs 23,
 * CJK/emoji 2), not plain characters: check with that, not `.length`. No reply window; a reply
 * to a mention is allowed only to posts that mentioned or quoted the account (2026 rule).
 * COMMENT is not an X surface; its limit is kept at 0 so nothing is ever sent as one.
 */
export const xCapabilities: ChannelCapabilities = {
  surfaces: ["MENTION", "DM"],
  maxReplyChars: { MENTION: 280, DM: X_MAX_DM_CHARS, COMMENT: 0 },
  replyWindowHours: null,
  humanReplyWindowHours: null,
  automatedReplies: true,
};
