import { describe, expect, it } from "vitest";
import { describeReplyLength } from "./describe-reply-length";

describe("describeReplyLength", () => {
  it("counts an X reply as X does: URLs 23, CJK 2", () => {
    expect(describeReplyLength(`  see https://leadline.dev/${"p".repeat(80)}  `, { platform: "X", kind: "MENTION" })).toMatchObject({ counter: "27 / 280 characters", over: false });
    const over = describeReplyLength("日本".repeat(71), { platform: "X", kind: "MENTION" });
    expect(over).toMatchObject({ counter: "284 / 280 characters", over: true });
    expect(over.rule).toMatch(/^X replies are limited to 280 characters/);
  });

  it("counts Instagram DMs in bytes and Messenger in characters", () => {
    expect(describeReplyLength("é".repeat(500), { platform: "INSTAGRAM", kind: "DM" })).toMatchObject({ counter: "1,000 / 999 bytes", over: true });
    expect(describeReplyLength("é".repeat(500), { platform: "FACEBOOK", kind: "DM" })).toMatchObject({ counter: "500 / 2,000 characters", over: false });
  });
});
