import { describe, expect, it } from "vitest";
import { describeAutoReply, type AutoReplyInput } from "./describe-auto-reply";

const allOn: AutoReplyInput = { workspaceAutoReply: true, channelAutoReply: true, channelStatus: "ACTIVE", conversationPaused: false };

describe("describeAutoReply", () => {
  it("is on only when the workspace, the channel and the conversation all allow it", () => {
    expect(describeAutoReply(allOn)).toMatchObject({ kind: "on", label: "Auto-reply on", pauseMatters: true });
  });

  it("says the workspace is off, whatever the conversation's pause says", () => {
    for (const conversationPaused of [false, true]) {
      const state = describeAutoReply({ ...allOn, workspaceAutoReply: false, conversationPaused });
      expect(state).toMatchObject({ kind: "off", label: "Auto-reply off for this workspace", pauseMatters: false });
    }
  });

  it("says the channel is off when only the channel switch is off", () => {
    expect(describeAutoReply({ ...allOn, channelAutoReply: false })).toMatchObject({ kind: "off", label: "Auto-reply off for this channel" });
  });

  it("names a channel that cannot send", () => {
    expect(describeAutoReply({ ...allOn, channelStatus: "NEEDS_REAUTH" }).label).toBe("Auto-reply stopped: channel needs reconnecting");
    expect(describeAutoReply({ ...allOn, channelStatus: "DISCONNECTED" }).label).toBe("Auto-reply stopped: channel disconnected");
  });

  it("is paused when everything allows it but an agent paused the conversation", () => {
    expect(describeAutoReply({ ...allOn, conversationPaused: true })).toMatchObject({ kind: "paused", label: "Auto-reply paused", tone: "amber" });
  });

  it("never claims auto-reply is on unless every switch allows it (all 24 combinations)", () => {
    for (const workspaceAutoReply of [true, false])
      for (const channelAutoReply of [true, false])
        for (const channelStatus of ["ACTIVE", "NEEDS_REAUTH", "DISCONNECTED"] as const)
          for (const conversationPaused of [true, false]) {
            const input = { workspaceAutoReply, channelAutoReply, channelStatus, conversationPaused };
            const allows = workspaceAutoReply && channelAutoReply && channelStatus === "ACTIVE" && !conversationPaused;
            expect(describeAutoReply(input).kind === "on", JSON.stringify(input)).toBe(allows);
          }
  });
});
