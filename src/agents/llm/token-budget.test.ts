import { describe, expect, it } from "vitest";
import { estimateTokens, truncateHistory, truncateText } from "./token-budget";

describe("estimateTokens", () => {
  it("counts ASCII at 4 characters per token, rounding up", () => {
    expect(estimateTokens("")).toBe(0);
    expect(estimateTokens("abcd")).toBe(1);
    expect(estimateTokens("abcde")).toBe(2);
    expect(estimateTokens("x".repeat(400))).toBe(100);
  });

  it("counts non-ASCII characters as a token each, so CJK and emoji are not underestimated", () => {
    expect(estimateTokens("こんにちは")).toBe(5);
    expect(estimateTokens("👍👍")).toBe(2);
  });
});

describe("truncateText", () => {
  it("returns short text unchanged", () => {
    expect(truncateText("hello", 10)).toBe("hello");
  });

  it("cuts a 100 KB message to the budget, keeping its head and tail", () => {
    const huge = `START ${"lorem ipsum ".repeat(8_600)} END?`;
    expect(huge.length).toBeGreaterThan(100_000);
    const cut = truncateText(huge, 500);
    expect(estimateTokens(cut)).toBeLessThanOrEqual(500);
    expect(cut.length).toBeLessThan(2_100);
    expect(cut.startsWith("START")).toBe(true);
    expect(cut.endsWith("END?")).toBe(true);
    expect(cut).toContain("[... truncated ...]");
  });

  it("never splits a surrogate pair", () => {
    const cut = truncateText("😀".repeat(1_000), 50);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(estimateTokens(cut)).toBeLessThanOrEqual(50);
  });
});

describe("truncateHistory", () => {
  const turn = (role: string, chars: number, tag: string) => ({ role, text: tag + "x".repeat(chars - tag.length) });

  it("keeps the newest turns that fit, in chronological order", () => {
    // each turn: 40 chars = 10 tokens + 4 overhead = 14 tokens
    const history = [turn("user", 40, "a"), turn("assistant", 40, "b"), turn("user", 40, "c"), turn("assistant", 40, "d")];
    expect(truncateHistory(history, 30).map((t) => t.text[0])).toEqual(["c", "d"]);
    expect(truncateHistory(history, 1_000)).toEqual(history);
    expect(truncateHistory(history, 10)).toEqual([]);
  });

  it("stops at the first turn that does not fit rather than skipping over it", () => {
    const history = [turn("user", 8, "a"), turn("assistant", 4_000, "b"), turn("user", 8, "c")];
    expect(truncateHistory(history, 100).map((t) => t.text[0])).toEqual(["c"]);
  });

  it("keeps extra fields of the turns", () => {
    const history = [{ role: "user", text: "hi", at: 1 }];
    expect(truncateHistory(history, 100)).toEqual([{ role: "user", text: "hi", at: 1 }]);
  });
});
