import Link from "next/link";
import type { RouterOutputs } from "@/components/trpc/router-types";
import { formatDateTime } from "@/components/ui/format-time";
import { LeadTags } from "./lead-tags";
import { TierBadge } from "../ui/tier-badge";

type Entry = RouterOutputs["leads"]["get"]["history"][number];

function Change({ change }: { change: number | null }) {
  if (change === null) return <span className="text-xs text-slate-500">First score</span>;
  if (change === 0) return <span className="text-xs text-slate-500">No change</span>;
  const up = change > 0;
  return (
    <span className={`text-xs font-semibold tabular-nums ${up ? "text-emerald-700" : "text-red-700"}`}>
      <span aria-hidden="true">{up ? "▲" : "▼"}</span> {up ? "up" : "down"} {Math.abs(change)}
    </span>
  );
}

/**
 * The lead's scorings, newest first: when, tier and score, the change, the scorer's reason (always
 * shown, and called out when the score went down) and tags, and the message that caused it.
 */
export function ScoreHistory({ entries }: { entries: readonly Entry[] }) {
  if (entries.length === 0) return <p className="text-sm text-slate-500">No scorings recorded yet: the history starts with the next message this lead sends.</p>;
  return (
    <ol aria-label="Score history" className="space-y-3">
      {entries.map((entry) => {
        const lowered = entry.change !== null && entry.change < 0;
        return (
          <li key={entry.id} className={`rounded-lg border px-3 py-3 ${lowered ? "border-red-200 bg-red-50/40" : "border-slate-200 bg-white"}`}>
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <time dateTime={new Date(entry.at).toISOString()} className="text-xs text-slate-500">{formatDateTime(entry.at)}</time>
              <TierBadge tier={entry.tier} score={entry.score} />
              <Change change={entry.change} />
            </div>
            <p className="mt-2 break-words text-sm text-slate-800">
              {lowered ? <span className="font-medium text-red-800">Why it went down: </span> : null}
              {entry.reason}
            </p>
            <div className="mt-2 flex flex-wrap items-center gap-2">
              <LeadTags tags={entry.tags} />
              {entry.message ? (
                <Link href={`/inbox/${entry.message.conversationId}`} className="text-xs font-medium text-brand-700 hover:underline focus-visible:outline-2 focus-visible:outline-brand-500">
                  Message of {formatDateTime(entry.message.sentAt)}<span className="sr-only"> (open its conversation)</span>
                </Link>
              ) : (
                <span className="text-xs text-slate-500">Message no longer available</span>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
