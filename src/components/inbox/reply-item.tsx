import { Notice } from "@/components/ui/notice";
import { Badge } from "../ui/badge";
import { DELIVERY_UNKNOWN_HELP, REPLY_SOURCE, REPLY_STATUS, type ConversationReply } from "./describe-reply";
import type { ReplyTarget } from "./describe-reply-length";
import { describeReceipt } from "./describe-message";
import { DraftActions } from "./draft-actions";
import { formatDateTime } from "../ui/format-time";
import { ReplyFlags } from "./reply-flags";
import { UnknownDeliveryActions } from "./unknown-delivery-actions";

const FRAMES: Record<ConversationReply["status"], string> = {
  DRAFT: "border-dashed border-brand-500/50 bg-brand-50/60",
  QUEUED: "border-brand-100 bg-brand-50",
  SENDING: "border-brand-100 bg-brand-50",
  SENT: "border-brand-100 bg-brand-50",
  FAILED: "border-red-200 bg-red-50/60",
  DISCARDED: "border-slate-200 bg-slate-50 opacity-75",
  DELIVERY_UNKNOWN: "border-amber-200 bg-amber-50/60",
};

/** Our side of the conversation: an AI draft, a queued/sent/failed reply, or a discarded draft. */
export function ReplyItem({ reply, conversationId, target, canAct }: { reply: ConversationReply; conversationId: string; target: ReplyTarget; canAct: boolean }) {
  const status = REPLY_STATUS[reply.status];
  const when = reply.sentAt ?? reply.createdAt;
  const receipt = describeReceipt(reply);
  return (
    <article aria-label={`${REPLY_SOURCE[reply.source]} reply, ${status.label}`} className={`ml-auto w-full max-w-[90%] rounded-xl rounded-tr-sm border px-4 py-3 shadow-sm ${FRAMES[reply.status]}`}>
      <header className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
        <Badge tone={status.tone}>{status.label}</Badge>
        <Badge title="Who wrote it">{REPLY_SOURCE[reply.source]}</Badge>
        <time dateTime={when.toISOString()}>{reply.sentAt ? "Sent " : ""}{formatDateTime(when)}</time>
        {receipt ? <span aria-label={`Receipt: ${receipt}`} className="text-emerald-700">· {receipt}</span> : null}
      </header>
      <p className={`mt-1.5 whitespace-pre-wrap break-words text-sm text-slate-900 ${reply.status === "DISCARDED" ? "line-through decoration-slate-400" : ""}`}>{reply.text}</p>
      <ReplyFlags flags={reply.flags} handoff={reply.handoff} isDraft={reply.status === "DRAFT"} />
      {reply.status === "FAILED" ? (
        <Notice tone="error" title="This reply was not delivered" className="mt-3">
          <p className="break-words">{reply.error ?? "The platform refused it."}</p>
        </Notice>
      ) : null}
      {reply.status === "DELIVERY_UNKNOWN" ? (
        <Notice tone="warning" title={DELIVERY_UNKNOWN_HELP.title} className="mt-3">
          <p>{DELIVERY_UNKNOWN_HELP.body}</p>
        </Notice>
      ) : null}
      {canAct && reply.status === "DRAFT" ? <DraftActions reply={reply} conversationId={conversationId} target={target} /> : null}
      {canAct && reply.status === "DELIVERY_UNKNOWN" ? <UnknownDeliveryActions reply={reply} conversationId={conversationId} /> : null}
    </article>
  );
}
