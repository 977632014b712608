import type { BadgeTone } from "../ui/badge";

export type AutoReplyInput = {
  workspaceAutoReply: boolean;
  channelAutoReply: boolean;
  channelStatus: "ACTIVE" | "NEEDS_REAUTH" | "DISCONNECTED";
  conversationPaused: boolean;
};

export type AutoReplyState = {
  kind: "on" | "paused" | "off";
  label: string;
  /** One sentence saying what happens to the next reply on this conversation. */
  detail: string;
  tone: BadgeTone;
  /** Whether pausing this conversation changes anything right now (else only resuming is offered). */
  pauseMatters: boolean;
};

/**
 * The one auto-reply state a conversation is in, from the same switches the pipeline checks
 * before an auto-send, in the same order (workspace, channel, channel connection, pause), so the
 * header never claims what the pipeline will not do. Per-message rules (intent, confidence,
 * guardrails, reply window) still apply when it is "on".
 */
export function describeAutoReply(input: AutoReplyInput): AutoReplyState {
  const off = (label: string, detail: string): AutoReplyState => ({ kind: "off", label, detail, tone: "slate", pauseMatters: false });
  if (!input.workspaceAutoReply) return off("Auto-reply off for this workspace", "Every AI reply waits as a draft; an admin can turn auto-reply on in Settings.");
  if (!input.channelAutoReply) return off("Auto-reply off for this channel", "Every AI reply on this channel waits as a draft for a person.");
  if (input.channelStatus !== "ACTIVE") {
    return off(input.channelStatus === "NEEDS_REAUTH" ? "Auto-reply stopped: channel needs reconnecting" : "Auto-reply stopped: channel disconnected", "Nothing can be sent through this channel until it is reconnected.");
  }
  if (input.conversationPaused) {
    return { kind: "paused", label: "Auto-reply paused", detail: "An agent paused auto-reply here: AI replies wait as drafts until it is resumed.", tone: "amber", pauseMatters: true };
  }
  return { kind: "on", label: "Auto-reply on", detail: "Confident sales and support replies that pass the guardrails are sent without review.", tone: "emerald", pauseMatters: true };
}
