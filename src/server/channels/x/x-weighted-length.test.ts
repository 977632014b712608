import { describe, expect, it } from "vitest";
import { weightedLength as fakeWeight } from "../../../../tests/fakes/x/weighted-length";
import { X_MAX_POST_WEIGHT, xWeightedLength } from "./x-weighted-length";

describe("xWeightedLength", () => {
  it("counts Latin text per character and stops at 280", () => {
    expect(xWeightedLength("a".repeat(280))).toBe(X_MAX_POST_WEIGHT);
    expect(xWeightedLength("é".repeat(10))).toBe(10);
    // NFC: e + combining acute is one character.
    expect(xWeightedLength("cafe\u0301")).toBe(4);
  });

  it("counts every URL as 23, whatever its length, without its trailing punctuation", () => {
    expect(xWeightedLength(`see https://example.com/${"x".repeat(200)}`)).toBe(4 + 23);
    expect(xWeightedLength("https://a.io.")).toBe(24);
    expect(xWeightedLength("go www.leadline.dev now")).toBe(3 + 23 + 4);
  });

  it("counts CJK as 2 and an emoji sequence (ZWJ, skin tone) as 2", () => {
    expect(xWeightedLength("日本語")).toBe(6);
    expect(xWeightedLength("👍")).toBe(2);
    expect(xWeightedLength("👨‍👩‍👧‍👦")).toBe(2);
    expect(xWeightedLength("🙋🏽")).toBe(2);
    expect(xWeightedLength("©")).toBe(1);
  });

  it("agrees with the fake on text without emoji sequences", () => {
    for (const text of ["hello @faketestshop", "日本語 and latin", `link https://x.com/${"p".repeat(40)} end`, "—“quotes”—"]) {
      expect(xWeightedLength(text)).toBe(fakeWeight(text));
    }
  });
});
