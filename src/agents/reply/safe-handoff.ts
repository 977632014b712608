import type { ReplyResult } from "./types";

/**
 * The reply sent (or drafted) when the generator cannot answer from the knowledge base. It
 * states no fact, price, date or promise, and fits every platform limit.
 */
export const SAFE_HANDOFF_REPLY = "Thanks for reaching out! A member of our team will get back to you shortly.";

export function handoffResult(flags: string[]): ReplyResult {
  return { text: SAFE_HANDOFF_REPLY, handoff: true, flags: [...new Set(flags)], usedArticleIds: [] };
}
