import Link from "next/link";
import type { RouterOutputs } from "@/components/trpc/router-types";
import { TierBadge } from "@/components/ui/tier-badge";
import { Badge } from "../ui/badge";
import { formatDateTime } from "../ui/format-time";
import { IntentBadge } from "../ui/intent-badge";
import { SourceBadge } from "./demo-data-badge";

export type ConversationSummary = RouterOutputs["inbox"]["list"][number];

/** One row of the conversation list, a link to the conversation: unread in bold, the latest message either way. */
export function ConversationListItem({ conversation: c, selected, assigneeName }: { conversation: ConversationSummary; selected: boolean; assigneeName: string | null }) {
  const preview = c.preview;
  const at = preview?.at ?? c.lastMessageAt;
  return (
    <li>
      <Link
        href={`/inbox/${c.id}`}
        aria-current={selected ? "page" : undefined}
        data-conversation-id={c.id}
        className={`block rounded-lg border px-3 py-2.5 transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 ${
          selected ? "border-brand-500/40 bg-brand-50" : "border-transparent hover:bg-slate-100"
        }`}
      >
        <span className="flex items-baseline justify-between gap-2">
          <span className={`flex min-w-0 items-center gap-1.5 text-sm text-slate-900 ${c.unread ? "font-bold" : "font-semibold"}`}>
            {c.unread ? <span aria-hidden className="size-2 shrink-0 rounded-full bg-brand-600" /> : null}
            <span className="truncate">{c.contactName}</span>
            {c.unread ? <span className="sr-only">(unread)</span> : null}
          </span>
          <time dateTime={at.toISOString()} className="shrink-0 text-xs text-slate-600">{formatDateTime(at)}</time>
        </span>
        <span className="mt-1 flex flex-wrap items-center gap-1">
          <SourceBadge platform={c.platform} />
          {c.lead ? <TierBadge tier={c.lead.tier} score={c.lead.score} /> : null}
          {c.latestIntent ? <IntentBadge intent={c.latestIntent} /> : null}
          {c.status === "CLOSED" ? <Badge tone="slate">Closed</Badge> : null}
          {c.status === "SNOOZED" && c.snoozedUntil ? <Badge tone="violet" title={`Snoozed until ${formatDateTime(c.snoozedUntil)}`}>Snoozed</Badge> : null}
          {c.lastMessage?.status === "FAILED" ? <Badge tone="red">Failed</Badge> : null}
        </span>
        <span className={`mt-1.5 line-clamp-2 block text-sm ${c.unread ? "text-slate-800" : "text-slate-600"}`}>
          {preview ? (
            <>
              {preview.direction === "OUTBOUND" ? <span className="font-medium text-slate-600">{preview.replyStatus === "SENT" ? "You replied: " : "Reply sending: "}</span> : null}
              {preview.text}
            </>
          ) : (
            "No messages yet"
          )}
        </span>
        <span className="mt-1.5 flex flex-wrap gap-1">
          {c.needsReply ? <Badge tone="amber">Needs reply</Badge> : <Badge tone="emerald">Answered</Badge>}
          {c.pendingDrafts > 0 ? <Badge tone="brand">{c.pendingDrafts === 1 ? "1 draft" : `${c.pendingDrafts} drafts`} to review</Badge> : null}
          {c.autoReplyPaused ? <Badge tone="amber">Auto-reply paused</Badge> : null}
          {assigneeName ? <Badge tone="sky">{assigneeName === "You" ? "Assigned to you" : `Assigned to ${assigneeName}`}</Badge> : null}
        </span>
      </Link>
    </li>
  );
}
