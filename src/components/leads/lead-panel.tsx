import Link from "next/link";
import type { RouterOutputs } from "@/components/trpc/router-types";
import { LEAD_STATUS_LABELS } from "./lead-status";
import { LeadStatusButtons } from "./lead-status-buttons";
import { LeadTags } from "./lead-tags";
import { TierBadge } from "../ui/tier-badge";

type Lead = NonNullable<RouterOutputs["inbox"]["get"]["lead"]>;

/** The lead behind a conversation: tier, score, the scorer's reason, tags and status. */
export function LeadPanel({ lead, canAct }: { lead: Lead | null; canAct: boolean }) {
  return (
    <section aria-labelledby="lead-panel-title" className="rounded-xl border border-slate-200 bg-white px-4 py-4 shadow-sm">
      <h2 id="lead-panel-title" className="text-sm font-semibold text-slate-900">Lead</h2>
      {lead ? (
        <div className="mt-2 space-y-3">
          <div className="flex flex-wrap items-center gap-2">
            <TierBadge tier={lead.tier} score={lead.score} />
            {canAct ? null : <span className="text-xs text-slate-600">Status: {LEAD_STATUS_LABELS[lead.status]}</span>}
          </div>
          <p className="text-sm text-slate-700">{lead.reason || "Not scored yet: the scorer runs when the message is processed."}</p>
          <LeadTags tags={lead.tags} />
          <Link href={`/leads/${lead.id}`} className="inline-block text-sm font-medium text-brand-700 hover:underline focus-visible:outline-2 focus-visible:outline-brand-500">
            Score history<span className="sr-only"> of this lead</span>
          </Link>
          {canAct ? <LeadStatusButtons leadId={lead.id} status={lead.status} /> : null}
        </div>
      ) : (
        <p className="mt-2 text-sm text-slate-500">Not scored yet.</p>
      )}
    </section>
  );
}
