import { describeReplyLimit, measureReply, replyLimit, UNIT_WORDS, type ReplySurface } from "@/shared/reply-limits";
import type { PlatformValue } from "@/shared/vocabulary";

/** Where a reply goes: the conversation's platform and kind (its surface). */
export type ReplyTarget = { platform: PlatformValue; kind: ReplySurface };

/**
 * The composer's counter, measured as the platform counts (src/shared/reply-limits.ts, the same
 * table and measure the server checks): "12 / 280 characters", whether it is over, and the rule.
 * The text is trimmed first, as the server trims it.
 */
export function describeReplyLength(text: string, target: ReplyTarget): { counter: string; over: boolean; rule: string } {
  const limit = replyLimit(target.platform, target.kind);
  const { size, fits } = measureReply(text.trim(), limit);
  return {
    counter: `${size.toLocaleString("en-US")} / ${limit.max.toLocaleString("en-US")} ${UNIT_WORDS[limit.unit]}`,
    over: !fits,
    rule: describeReplyLimit(target.platform, target.kind),
  };
}
