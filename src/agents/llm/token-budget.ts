/**
 * Token estimates without a tokenizer. BPE tokenizers (OpenAI o200k, Anthropic) average about
 * 4 characters per token on English text, so ASCII counts 1/4 token per character. Outside
 * ASCII (accents, CJK, emoji) a character is often a whole token or more, so it counts 1:
 * the estimate leans high, and a budget built on it is kept rather than overrun.
 */
const ASCII_TOKENS_PER_CHAR = 1 / 4;
const OTHER_TOKENS_PER_CHAR = 1;
/** Role markers and separators the chat format adds around each turn. */
const TURN_OVERHEAD_TOKENS = 4;
const TRUNCATION_MARK = "\n[... truncated ...]\n";

function charCost(ch: string): number {
  return ch.charCodeAt(0) < 128 ? ASCII_TOKENS_PER_CHAR : OTHER_TOKENS_PER_CHAR;
}

export function estimateTokens(text: string): number {
  let tokens = 0;
  for (const ch of text) tokens += charCost(ch);
  return Math.ceil(tokens);
}

/** Longest run of whole characters from the start (or the end) of `chars` costing <= budget. */
function takeWithin(chars: readonly string[], budget: number, fromEnd: boolean): string {
  let used = 0;
  let count = 0;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[fromEnd ? chars.length - 1 - i : i] ?? "";
    const cost = charCost(ch);
    if (used + cost > budget) break;
    used += cost;
    count++;
  }
  return fromEnd ? chars.slice(chars.length - count).join("") : chars.slice(0, count).join("");
}

/**
 * Shortens `text` to about `maxTokens`, keeping the head (two thirds) and the tail (one third)
 * around a visible marker: the opening usually says who and what, the end often holds the
 * question. Never splits a surrogate pair. Text already within budget is returned unchanged.
 */
export function truncateText(text: string, maxTokens: number): string {
  if (estimateTokens(text) <= maxTokens) return text;
  const budget = Math.max(0, maxTokens - estimateTokens(TRUNCATION_MARK));
  const chars = Array.from(text);
  const head = takeWithin(chars, Math.floor((budget * 2) / 3), false);
  const tail = takeWithin(chars, budget - estimateTokens(head), true);
  return `${head}${TRUNCATION_MARK}${tail}`;
}

export interface HistoryTurn {
  role: string;
  text: string;
}

/**
 * Keeps the newest turns whose estimated size (text plus per-turn overhead) fits in
 * `budgetTokens`, in their original order. Stops at the first turn that does not fit, so the
 * kept history is always an unbroken recent stretch of the conversation. Shorten an oversized
 * single message with `truncateText` before it gets here.
 */
export function truncateHistory<T extends HistoryTurn>(history: readonly T[], budgetTokens: number): T[] {
  let used = 0;
  let start = history.length;
  for (let i = history.length - 1; i >= 0; i--) {
    const turn = history[i];
    if (!turn) break;
    const cost = estimateTokens(turn.text) + TURN_OVERHEAD_TOKENS;
    if (used + cost > budgetTokens) break;
    used += cost;
    start = i;
  }
  return history.slice(start);
}
