import type { ReactNode } from "react";
import type { ConversationReply } from "@/components/inbox/describe-reply";
import { ReplyFlags } from "@/components/inbox/reply-flags";
import { Spinner } from "@/components/ui/spinner";

/** The customer's own message, on their side of the chat. */
export function CustomerBubble({ text, caption }: { text: string; caption: string }) {
  return (
    <div className="ml-auto max-w-[85%] text-right">
      <p className="inline-block whitespace-pre-wrap break-words rounded-2xl rounded-br-sm bg-brand-600 px-4 py-2 text-left text-sm text-white">
        <span className="sr-only">Customer: </span>
        {text}
      </p>
      <p className="mt-1 text-xs text-slate-500">{caption}</p>
    </div>
  );
}

/** A step in progress ("Classifying…"). */
export function PendingLine({ children }: { children: ReactNode }) {
  return (
    <p className="inline-flex items-center gap-2 rounded-2xl rounded-bl-sm bg-slate-100 px-4 py-2 text-sm text-slate-600">
      <Spinner className="size-4 text-brand-500" />
      {children}
    </p>
  );
}

function replyCaption(reply: ConversationReply): string {
  switch (reply.status) {
    case "DRAFT":
      return "Draft waiting for an agent: the customer has not seen it yet";
    case "QUEUED":
    case "SENDING":
      return "Sending…";
    case "SENT":
      return reply.source === "AI" ? "Reply sent by the AI" : reply.source === "AI_EDITED" ? "Reply sent (edited by an agent)" : "Reply sent by an agent";
    case "FAILED":
      return `Not delivered: ${reply.error ?? "the platform refused it"}`;
    case "DISCARDED":
      return "Draft discarded by an agent";
    case "DELIVERY_UNKNOWN":
      return "Delivery unknown: an agent checks and resends it or marks it sent";
  }
}

/** The business's reply: sent, on its way, or a draft only the team can see. */
export function DemoReplyBubble({ reply }: { reply: ConversationReply }) {
  const seen = reply.status === "SENT";
  const frame = seen ? "bg-slate-100 text-slate-900" : reply.status === "FAILED" ? "border border-red-200 bg-red-50 text-slate-900" : "border border-dashed border-slate-300 bg-white text-slate-700";
  return (
    <div className="mr-auto max-w-[85%]">
      <p className={`whitespace-pre-wrap break-words rounded-2xl rounded-bl-sm px-4 py-2 text-sm ${frame} ${reply.status === "DISCARDED" ? "line-through" : ""}`}>
        <span className="sr-only">Business reply: </span>
        {reply.text}
      </p>
      <p className={`mt-1 text-xs font-medium ${seen ? "text-emerald-700" : reply.status === "FAILED" ? "text-red-700" : "text-slate-600"}`}>{replyCaption(reply)}</p>
      {reply.status === "DRAFT" || reply.handoff ? <ReplyFlags flags={reply.flags} handoff={reply.handoff} isDraft={reply.status === "DRAFT"} /> : null}
    </div>
  );
}
