import { describe, expect, it } from "vitest";
import { describeClearedDemoData } from "./describe-cleared-demo-data";

const none = { conversations: 0, messages: 0, replies: 0, agentRuns: 0, leads: 0, contacts: 0 };

describe("describeClearedDemoData", () => {
  it("lists what went, singular and plural", () => {
    expect(describeClearedDemoData({ conversations: 2, messages: 5, replies: 1, agentRuns: 15, leads: 2, contacts: 2 })).toBe(
      "Deleted 2 conversations, 5 messages, 1 reply and 2 leads.",
    );
    expect(describeClearedDemoData({ ...none, conversations: 1, messages: 1 })).toBe("Deleted 1 conversation and 1 message.");
  });

  it("says plainly when there was nothing to delete", () => {
    expect(describeClearedDemoData(none)).toBe("There was no demo data to delete.");
  });

  it("still reports contacts left without a conversation", () => {
    expect(describeClearedDemoData({ ...none, contacts: 1 })).toBe("Deleted 1 demo contact.");
  });
});
