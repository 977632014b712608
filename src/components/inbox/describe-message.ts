import type { RouterOutputs } from "@/components/trpc/router-types";
import type { ConversationReply } from "./describe-reply";

type ConversationMessage = RouterOutputs["inbox"]["get"]["messages"][number];

/** What a message's body shows: its text, or why there is none. */
export type MessageBody = { kind: "text"; text: string } | { kind: "deleted"; text: string } | { kind: "removed"; text: string };

export const DELETED_MESSAGE_TEXT = "Message deleted by the sender";
export const RETENTION_REMOVED_TEXT = "The text was removed by the workspace’s retention policy.";

/**
 * A deleted message says so (its text is gone for good, whatever the row held); a message whose
 * text the retention job removed says that instead; otherwise the text.
 */
export function describeMessageBody(message: Pick<ConversationMessage, "text" | "deletedAt">): MessageBody {
  if (message.deletedAt) return { kind: "deleted", text: DELETED_MESSAGE_TEXT };
  if (message.text === null) return { kind: "removed", text: RETENTION_REMOVED_TEXT };
  return { kind: "text", text: message.text };
}

/** "edited" next to the time of a message the sender changed (not once it is deleted: nothing is left to have been edited). */
export function editedMarker(message: Pick<ConversationMessage, "editedAt" | "deletedAt">): string | null {
  return message.editedAt && !message.deletedAt ? "edited" : null;
}

/** The platform's receipt for a sent reply: "Read" beats "Delivered"; nothing before either arrives. */
export function describeReceipt(reply: Pick<ConversationReply, "status" | "deliveredAt" | "readAt">): "Read" | "Delivered" | null {
  if (reply.status !== "SENT") return null;
  if (reply.readAt) return "Read";
  return reply.deliveredAt ? "Delivered" : null;
}
