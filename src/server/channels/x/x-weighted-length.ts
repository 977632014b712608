import { measureLength, REPLY_LIMITS } from "@/shared/reply-limits";

/**
 * X's weighted post length: the shared measure (src/shared/reply-limits.ts, after
 * docs.x.com/fundamentals/counting-characters: URLs 23, CJK and emoji sequences 2, NFC first),
 * named for the X connector.
 */
export const X_MAX_POST_WEIGHT = REPLY_LIMITS.X.MENTION.max;

export const xWeightedLength = (text: string): number => measureLength(text, "x-weighted");
