import Link from "next/link";
import type { RouterOutputs } from "@/components/trpc/router-types";
import { TierBadge } from "@/components/ui/tier-badge";
import { Badge } from "../ui/badge";
import { formatDateTime } from "../ui/format-time";
import { IntentBadge } from "../ui/intent-badge";
import { SourceBadge } from "./demo-data-badge";

export type ConversationSummary = RouterOutputs["inbox"]["list"][number];

/** One row of the conversation list, a link to the conversation. */
export function ConversationListItem({ conversation: c, selected }: { conversation: ConversationSummary; selected: boolean }) {
  const last = c.lastMessage;
  return (
    <li>
      <Link
        href={`/inbox/${c.id}`}
        aria-current={selected ? "page" : undefined}
        className={`block rounded-lg border px-3 py-3 transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 ${
          selected ? "border-brand-500/40 bg-brand-50" : "border-transparent hover:bg-slate-100"
        }`}
      >
        <span className="flex items-baseline justify-between gap-2">
          <span className="truncate text-sm font-semibold text-slate-900">{c.contactName}</span>
          <time dateTime={c.lastMessageAt.toISOString()} className="shrink-0 text-xs text-slate-500">{formatDateTime(c.lastMessageAt)}</time>
        </span>
        <span className="mt-1 flex flex-wrap items-center gap-1">
          <SourceBadge platform={c.platform} />
          {c.lead ? <TierBadge tier={c.lead.tier} score={c.lead.score} /> : null}
          {last?.intent ? <IntentBadge intent={last.intent} /> : null}
          {last?.status === "FAILED" ? <Badge tone="red">Failed</Badge> : null}
        </span>
        <span className="mt-1.5 line-clamp-2 block text-sm text-slate-600">{last ? last.text : "No messages yet"}</span>
        {c.pendingDrafts > 0 || c.autoReplyPaused ? (
          <span className="mt-1.5 flex flex-wrap gap-1">
            {c.pendingDrafts > 0 ? <Badge tone="brand">{c.pendingDrafts === 1 ? "1 draft" : `${c.pendingDrafts} drafts`} to review</Badge> : null}
            {c.autoReplyPaused ? <Badge tone="amber">Auto-reply paused</Badge> : null}
          </span>
        ) : null}
      </Link>
    </li>
  );
}
