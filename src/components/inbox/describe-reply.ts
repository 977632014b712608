import type { RouterOutputs } from "@/components/trpc/router-types";
import type { BadgeTone } from "../ui/badge";

export type ConversationReply = RouterOutputs["inbox"]["get"]["replies"][number];
type Status = ConversationReply["status"];
type Source = ConversationReply["source"];

export const REPLY_STATUS: Record<Status, { label: string; tone: BadgeTone }> = {
  DRAFT: { label: "AI draft", tone: "brand" },
  QUEUED: { label: "Queued", tone: "slate" },
  SENDING: { label: "Sending…", tone: "slate" },
  SENT: { label: "Sent", tone: "emerald" },
  FAILED: { label: "Failed", tone: "red" },
  DISCARDED: { label: "Discarded", tone: "slate" },
  DELIVERY_UNKNOWN: { label: "Delivery unknown", tone: "amber" },
};

/** What the inbox says about a reply the platform may or may not have posted (DELIVERY_UNKNOWN). */
export const DELIVERY_UNKNOWN_HELP = {
  title: "Delivery unknown: check on the platform",
  body: "We lost track of this send, so it may or may not have reached the customer. Look at the conversation on the platform, then mark it sent or send it again. It is never resent on its own.",
} as const;

export const REPLY_SOURCE: Record<Source, string> = { AI: "AI", AI_EDITED: "AI, edited", HUMAN: "Human" };

export type ReplyFlag = { kind: "draft-reason" | "guardrail" | "note"; text: string };

const GUARDRAILS: Record<string, string> = {
  price: "a price not in the knowledge base",
  link: "a link not in the knowledge base",
  date: "a date not in the knowledge base",
  promise: "a promise not in the knowledge base",
  number: "a number not in the knowledge base",
  offer: "an offer not in the knowledge base",
  policy: "a policy not in the knowledge base",
  availability: "an availability claim not in the knowledge base",
  entity: "a name not in the knowledge base",
  pii: "personal data",
  length: "too long for the platform",
  empty: "an empty reply",
};

const NOTES: Record<string, string> = {
  llm: "Written by the LLM",
  "local-extractive": "Taken from the knowledge base",
  "local-model": "Written by the local model",
  truncated: "Shortened to fit the platform",
  "no-knowledge": "No knowledge article to answer from",
  "weak-match": "No knowledge article is relevant enough to answer from",
  "language-mismatch": "Not in the customer's language",
  "unmentioned-name": "The customer asked about something the knowledge does not mention",
  spam: "Looks like spam",
  "empty-message": "The message was empty",
  "model-output-invalid": "The model's answer was unusable",
  "model-not-confident": "The model was not confident",
};

/**
 * Reply flags as people should read them: "draft: <reason>" says why the AI did not send on its
 * own; "guardrail:<kind>" names a guardrail the reply tripped (it was replaced by a safe
 * hand-off); the rest say how the reply was written. Unknown flags are shown as they are.
 */
export function describeReplyFlags(flags: readonly string[]): ReplyFlag[] {
  return flags.map((flag) => {
    if (flag.startsWith("draft:")) return { kind: "draft-reason", text: flag.slice("draft:".length).trim() };
    if (flag.startsWith("guardrail:")) {
      const kind = flag.slice("guardrail:".length).trim();
      return { kind: "guardrail", text: `Guardrail: ${GUARDRAILS[kind] ?? kind}` };
    }
    return { kind: "note", text: NOTES[flag] ?? flag };
  });
}

export type OwnReplyStatus = { text: string; tone: "progress" | "done" | "error" };

/**
 * What the composer says about the reply an agent just sent, read from that reply's current
 * status in the conversation (which realtime events keep fresh), never from the moment the
 * request returned: "queued" only while it really is queued. Null when there is nothing to say.
 */
export function describeOwnReply(replyId: string | null, replies: ReadonlyArray<Pick<ConversationReply, "id" | "status">>): OwnReplyStatus | null {
  if (!replyId) return null;
  const reply = replies.find((r) => r.id === replyId);
  // Accepted by the server but not in the refetched conversation yet.
  if (!reply) return { text: "Reply queued to send.", tone: "progress" };
  switch (reply.status) {
    case "QUEUED":
      return { text: "Reply queued to send.", tone: "progress" };
    case "SENDING":
      return { text: "Sending your reply…", tone: "progress" };
    case "SENT":
      return { text: "Reply sent.", tone: "done" };
    case "FAILED":
      return { text: "Your reply was not delivered; see why above.", tone: "error" };
    case "DELIVERY_UNKNOWN":
      return { text: "We could not confirm your reply was delivered; check it above.", tone: "error" };
    case "DRAFT":
    case "DISCARDED":
      return null;
  }
}
