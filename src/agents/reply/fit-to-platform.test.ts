import { describe, expect, it } from "vitest";
import { measureLength } from "@/shared/reply-limits";
import { agentReplyLimit, fitsPlatform, fitToPlatform } from "./fit-to-platform";

const SENTENCES =
  "Thanks for asking about our plans. The Starter plan suits small teams and includes three seats. " +
  "The Pro plan adds unlimited seats, advanced reporting and priority support for growing teams. " +
  "Enterprise customers also get single sign-on, audit logs and a dedicated account manager. " +
  "Every plan can be upgraded or downgraded at any time from the billing page of your workspace.";

describe("agentReplyLimit", () => {
  it("reads the shared table with the agents' platform names, strictest surface by default", () => {
    expect(agentReplyLimit("x")).toEqual({ max: 280, unit: "x-weighted" });
    expect(agentReplyLimit("x", "DM")).toEqual({ max: 10_000, unit: "chars" });
    expect(agentReplyLimit("instagram")).toEqual({ max: 999, unit: "utf8-bytes" });
    expect(agentReplyLimit("facebook")).toEqual({ max: 2_000, unit: "chars" });
    expect(fitsPlatform("a".repeat(281), "x", "MENTION")).toBe(false);
    expect(fitsPlatform("a".repeat(281), "x", "DM")).toBe(true);
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

  it("never splits emoji, CJK or a URL and respects weights", () => {
    const cjk = "日本語のテキスト".repeat(40);
    expect(measureLength(fitToPlatform(cjk, "x"), "x-weighted")).toBeLessThanOrEqual(280);
    const fittedEmoji = fitToPlatform("👍🏽".repeat(200), "x");
    expect(fittedEmoji.replace("…", "")).toMatch(/^(?:👍🏽)+$/u);
    const url = `https://leadline.dev/${"p".repeat(60)}`;
    const fittedUrl = fitToPlatform(`${"word ".repeat(50)}${url} ${"more ".repeat(20)}`, "x");
    expect(measureLength(fittedUrl, "x-weighted")).toBeLessThanOrEqual(280);
    expect(fittedUrl.includes("https://") ? fittedUrl.includes(url) : true).toBe(true);
  });

  it("keeps Instagram DMs within 999 UTF-8 bytes", () => {
    const fitted = fitToPlatform("Café crème brûlée. ".repeat(80), "instagram", "DM");
    expect(Buffer.byteLength(fitted, "utf8")).toBeLessThanOrEqual(999);
    expect(fitted).toMatch(/\.$/);
  });
});
