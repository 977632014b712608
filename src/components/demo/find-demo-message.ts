import type { RouterOutputs } from "@/components/trpc/router-types";

type ConversationSummary = RouterOutputs["inbox"]["list"][number];
type Conversation = RouterOutputs["inbox"]["get"];

export type DemoCustomer = { name: string; handle: string; text: string };

/** The list shows the first 160 characters; comparing fewer leaves room for trimming. */
const COMPARED_CHARS = 120;

/** What the pipeline keeps of a text (control characters dropped) with whitespace evened out. */
export function normaliseForMatch(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

function sameStart(a: string, b: string): boolean {
  return normaliseForMatch(a).slice(0, COMPARED_CHARS) === normaliseForMatch(b).slice(0, COMPARED_CHARS);
}

/**
 * The Demo conversation a demo message landed in: on the Demo channel, with this customer's
 * name, whose latest message starts like the one sent. The list is newest first, so the first
 * match is the most recent. (A `conversationId` from demo.send would make this unnecessary.)
 */
export function findDemoConversation(list: readonly ConversationSummary[], sent: DemoCustomer): ConversationSummary | undefined {
  const name = sent.name.trim();
  return list.find((c) => c.platform === "DEMO" && c.contactName === name && c.lastMessage !== null && sameStart(c.lastMessage.text, sent.text));
}

/** The latest message in the conversation with the text that was sent, if it is there yet. */
export function findDemoMessage(conversation: Conversation, sent: DemoCustomer): Conversation["messages"][number] | undefined {
  const wanted = normaliseForMatch(sent.text);
  return conversation.messages.findLast((m) => m.text !== null && normaliseForMatch(m.text) === wanted);
}
