import { describe, expect, it } from "vitest";
import { DELETED_MESSAGE_TEXT, RETENTION_REMOVED_TEXT, describeMessageBody, describeReceipt, editedMarker } from "./describe-message";

const at = new Date("2026-11-30T09:00:00Z");

describe("describeMessageBody", () => {
  it("shows the text, a deletion by the sender (even if text lingered), or the retention removal", () => {
    expect(describeMessageBody({ text: "Hello", deletedAt: null })).toEqual({ kind: "text", text: "Hello" });
    expect(describeMessageBody({ text: null, deletedAt: at })).toEqual({ kind: "deleted", text: DELETED_MESSAGE_TEXT });
    expect(describeMessageBody({ text: "should not show", deletedAt: at })).toEqual({ kind: "deleted", text: DELETED_MESSAGE_TEXT });
    expect(describeMessageBody({ text: null, deletedAt: null })).toEqual({ kind: "removed", text: RETENTION_REMOVED_TEXT });
  });
});

describe("editedMarker", () => {
  it("marks an edited message, not an unedited or deleted one", () => {
    expect(editedMarker({ editedAt: at, deletedAt: null })).toBe("edited");
    expect(editedMarker({ editedAt: null, deletedAt: null })).toBeNull();
    expect(editedMarker({ editedAt: at, deletedAt: at })).toBeNull();
  });
});

describe("describeReceipt", () => {
  it("says Read over Delivered, and nothing for a reply not sent or without receipts", () => {
    expect(describeReceipt({ status: "SENT", deliveredAt: at, readAt: at })).toBe("Read");
    expect(describeReceipt({ status: "SENT", deliveredAt: at, readAt: null })).toBe("Delivered");
    expect(describeReceipt({ status: "SENT", deliveredAt: null, readAt: null })).toBeNull();
    expect(describeReceipt({ status: "DRAFT", deliveredAt: at, readAt: at })).toBeNull();
  });
});
