import { describe, expect, it } from "vitest";
import { fitToPlatform, measureLength, PLATFORM_LIMITS, replyLimit } from "./platform-limits";
import { PLATFORMS } from "./types";

const SENTENCES =
  "Thanks for asking about our plans. The Starter plan suits small teams and includes three seats. " +
  "The Pro plan adds unlimited seats, advanced reporting and priority support for growing teams. " +
  "Enterprise customers also get single sign-on, audit logs and a dedicated account manager. " +
  "Every plan can be upgraded or downgraded at any time from the billing page of your workspace.";

describe("platform limits", () => {
  it("has a limit for every platform and surface, with the strictest as default", () => {
    for (const platform of PLATFORMS) {
      expect(PLATFORM_LIMITS[platform].dm.max).toBeGreaterThan(0);
      expect(PLATFORM_LIMITS[platform].comment.max).toBeGreaterThan(0);
    }
    expect(replyLimit("x")).toEqual({ max: 280, unit: "x-weighted" });
    expect(replyLimit("x", "dm")).toEqual({ max: 10_000, unit: "chars" });
    expect(replyLimit("instagram")).toEqual({ max: 1_000, unit: "utf8-bytes" });
    expect(replyLimit("facebook")).toEqual({ max: 2_000, unit: "chars" });
  });

  it("measures X's weighted length: URLs 23, CJK and emoji 2", () => {
    expect(measureLength("hello", "x-weighted")).toBe(5);
    expect(measureLength(`see https://example.com/${"a".repeat(80)}`, "x-weighted")).toBe(4 + 23);
    expect(measureLength("日本語", "x-weighted")).toBe(6);
    expect(measureLength("👍🏽", "x-weighted")).toBe(2);
    expect(measureLength("é", "utf8-bytes")).toBe(2);
  });
});

describe("fitToPlatform", () => {
  it("leaves a short reply alone (trimmed)", () => {
    expect(fitToPlatform("  Thanks!  ", "x")).toBe("Thanks!");
  });

  it("cuts an X reply at a sentence boundary within 280", () => {
    const fitted = fitToPlatform(SENTENCES, "x");
    expect(measureLength(fitted, "x-weighted")).toBeLessThanOrEqual(280);
    expect(fitted).toMatch(/\.$/);
    expect(SENTENCES.startsWith(fitted)).toBe(true);
    expect(fitted.length).toBeGreaterThan(150);
  });

  it("falls back to a word boundary with an ellipsis when there is no sentence end", () => {
    const oneSentence = "word ".repeat(100).trim();
    const fitted = fitToPlatform(oneSentence, "x");
    expect(measureLength(fitted, "x-weighted")).toBeLessThanOrEqual(280);
    expect(fitted).toMatch(/word…$/);
  });

  it("never splits emoji or CJK and respects weights", () => {
    const cjk = "日本語のテキスト".repeat(40);
    const fitted = fitToPlatform(cjk, "x");
    expect(measureLength(fitted, "x-weighted")).toBeLessThanOrEqual(280);
    const emoji = "👍🏽".repeat(200);
    const fittedEmoji = fitToPlatform(emoji, "x");
    expect(fittedEmoji.replace("…", "")).toMatch(/^(?:👍🏽)+$/u);
  });

  it("keeps Instagram DMs within 1,000 UTF-8 bytes", () => {
    const fitted = fitToPlatform("Café crème brûlée. ".repeat(80), "instagram", "dm");
    expect(Buffer.byteLength(fitted, "utf8")).toBeLessThanOrEqual(1_000);
    expect(fitted).toMatch(/\.$/);
  });
});
