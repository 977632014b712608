import { describe, expect, it } from "vitest";
import { weightedLength as fakeXWeight } from "../../tests/fakes/x/weighted-length";
import { describeReplyLimit, MAX_REPLY_LENGTH, measureLength, measureReply, REPLY_LIMITS, replyLimit, replyPieces } from "./reply-limits";
import { PLATFORMS } from "./vocabulary";

describe("the reply-limit table", () => {
  it("has a positive limit for every platform and surface", () => {
    for (const platform of PLATFORMS) for (const surface of ["DM", "COMMENT", "MENTION"] as const) expect(REPLY_LIMITS[platform][surface].max).toBeGreaterThan(0);
    expect(MAX_REPLY_LENGTH).toBe(10_000);
  });

  it("gives each surface's limit, and the strictest when the surface is unknown", () => {
    expect(replyLimit("X", "MENTION")).toEqual({ max: 280, unit: "x-weighted" });
    expect(replyLimit("X", "COMMENT")).toEqual({ max: 280, unit: "x-weighted" });
    expect(replyLimit("X", "DM")).toEqual({ max: 10_000, unit: "chars" });
    expect(replyLimit("X")).toEqual({ max: 280, unit: "x-weighted" });
    expect(replyLimit("INSTAGRAM", "DM")).toEqual({ max: 999, unit: "utf8-bytes" });
    expect(replyLimit("INSTAGRAM", "COMMENT")).toEqual({ max: 2_200, unit: "chars" });
    expect(replyLimit("FACEBOOK", "DM")).toEqual({ max: 2_000, unit: "chars" });
    expect(replyLimit("FACEBOOK", "COMMENT")).toEqual({ max: 8_000, unit: "chars" });
    expect(replyLimit("LINKEDIN")).toEqual({ max: 1_250, unit: "chars" });
  });

  it("says the rule in words", () => {
    expect(describeReplyLimit("X", "MENTION")).toBe("X replies are limited to 280 characters (URLs count 23, emoji and CJK characters 2)");
    expect(describeReplyLimit("X", "DM")).toBe("X messages are limited to 10,000 characters");
    expect(describeReplyLimit("INSTAGRAM", "DM")).toMatch(/^Instagram messages are limited to 999 bytes of text/);
    expect(describeReplyLimit("FACEBOOK", "COMMENT")).toBe("Facebook comment replies are limited to 8,000 characters");
  });
});

describe("X weighted length (docs.x.com/fundamentals/counting-characters)", () => {
  const x = (text: string) => measureLength(text, "x-weighted");

  it("counts Latin text per character, after NFC", () => {
    expect(x("a".repeat(280))).toBe(280);
    expect(x("é".repeat(10))).toBe(10);
    expect(x("cafe\u0301")).toBe(4);
    expect(x("—“quotes”—")).toBe(10);
  });

  it("counts every URL as 23, whatever its length, without its trailing punctuation", () => {
    expect(x(`see https://example.com/${"a".repeat(200)}`)).toBe(4 + 23);
    expect(x("https://a.io.")).toBe(24);
    expect(x("go www.leadline.dev now")).toBe(3 + 23 + 4);
    expect(x("two https://a.io and http://b.io/x")).toBe(4 + 23 + 5 + 23);
  });

  it("counts CJK as 2 and an emoji sequence (ZWJ, skin tone, flag, keycap) as 2", () => {
    expect(x("日本語")).toBe(6);
    expect(x("👍")).toBe(2);
    expect(x("👾")).toBe(2);
    expect(x("🙋🏽")).toBe(2);
    expect(x("👨‍🎤")).toBe(2);
    expect(x("👨‍👩‍👧‍👦")).toBe(2);
    expect(x("🇫🇷")).toBe(2);
    expect(x("1\uFE0F\u20E3")).toBe(2);
    expect(x("©")).toBe(1);
    expect(x("©\uFE0F")).toBe(2);
  });

  it("agrees with the X fake on text without emoji sequences", () => {
    for (const text of ["hello @faketestshop", "日本語 and latin", `link https://x.com/${"p".repeat(40)} end`, "—“quotes”—"]) expect(x(text)).toBe(fakeXWeight(text));
  });
});

describe("characters and bytes", () => {
  it("counts code points, not UTF-16 units", () => {
    expect(measureLength("👍🏽", "chars")).toBe(2);
    expect(measureLength("a".repeat(2_000), "chars")).toBe(2_000);
  });

  it("counts Instagram DMs in UTF-8 bytes, like Buffer.byteLength, lone surrogates included", () => {
    for (const text of ["hello", "é", "日本", "👍🏽", "Café crème", "\uD83D"]) expect(measureLength(text, "utf8-bytes")).toBe(Buffer.byteLength(text, "utf8"));
    expect(measureReply("é".repeat(499), replyLimit("INSTAGRAM", "DM"))).toEqual({ size: 998, fits: true });
    expect(measureReply("é".repeat(500), replyLimit("INSTAGRAM", "DM"))).toEqual({ size: 1_000, fits: false });
    expect(measureReply("a".repeat(999), replyLimit("INSTAGRAM", "DM")).fits).toBe(true);
  });

  it("cuts text into pieces whose weights add up to the measure", () => {
    const text = `Hi 👨‍👩‍👧‍👦 see https://leadline.dev/p, 日本 cafe\u0301`;
    for (const unit of ["chars", "utf8-bytes", "x-weighted"] as const) {
      const pieces = [...replyPieces(text, unit)];
      expect(pieces.reduce((sum, p) => sum + p.weight, 0)).toBe(measureLength(text, unit));
      expect(pieces.map((p) => p.segment).join("")).toBe(unit === "x-weighted" ? text.normalize("NFC") : text);
    }
  });
});
