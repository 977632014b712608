import { describe, expect, it } from "vitest";
import { describeOwnReply, describeReplyFlags, REPLY_STATUS } from "./describe-reply";

describe("describeReplyFlags", () => {
  it("separates the reason for a draft, guardrails and notes", () => {
    expect(describeReplyFlags(["local-extractive", "guardrail:price", "draft: auto-reply is off for this workspace", "something-new"])).toEqual([
      { kind: "note", text: "Taken from the knowledge base" },
      { kind: "guardrail", text: "Guardrail: a price not in the knowledge base" },
      { kind: "draft-reason", text: "auto-reply is off for this workspace" },
      { kind: "note", text: "something-new" },
    ]);
  });

  it("keeps an unknown guardrail kind readable", () => {
    expect(describeReplyFlags(["guardrail:tone"])).toEqual([{ kind: "guardrail", text: "Guardrail: tone" }]);
  });
});

describe("describeOwnReply", () => {
  const at = (status: "QUEUED" | "SENDING" | "SENT" | "FAILED" | "DRAFT" | "DISCARDED" | "DELIVERY_UNKNOWN") => [{ id: "other", status: "SENT" as const }, { id: "r1", status }];

  it("says nothing before the agent sent anything", () => {
    expect(describeOwnReply(null, at("SENT"))).toBeNull();
  });

  it("says queued only while the reply is queued (or not refetched yet)", () => {
    expect(describeOwnReply("r1", [])).toEqual({ text: "Reply queued to send.", tone: "progress" });
    expect(describeOwnReply("r1", at("QUEUED"))).toEqual({ text: "Reply queued to send.", tone: "progress" });
    expect(describeOwnReply("r1", at("SENDING"))?.text).toBe("Sending your reply…");
  });

  it("follows the reply once the send job has run", () => {
    expect(describeOwnReply("r1", at("SENT"))).toEqual({ text: "Reply sent.", tone: "done" });
    expect(describeOwnReply("r1", at("FAILED"))).toMatchObject({ tone: "error" });
  });

  it("asks the agent to check a reply whose delivery is unknown, never calling it sent or failed", () => {
    expect(describeOwnReply("r1", at("DELIVERY_UNKNOWN"))).toEqual({ text: "We could not confirm your reply was delivered; check it above.", tone: "error" });
    expect(REPLY_STATUS.DELIVERY_UNKNOWN).toEqual({ label: "Delivery unknown", tone: "amber" });
  });

  it("never reads another reply's status", () => {
    expect(describeOwnReply("r1", [{ id: "other", status: "SENT" }])?.text).toBe("Reply queued to send.");
  });
});
