import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format-time";
import { INTENT_LABELS } from "@/components/ui/intent-badge";
import { CrmSyncBadges } from "./crm-sync-badges";
import { LEAD_STATUS_LABELS } from "./lead-status";
import { STATUS_TONES, type LeadSummary } from "./lead-row";
import { TierBadge } from "../ui/tier-badge";

/** One lead on a phone: the columns of the wide table stacked, the whole card linking to the lead page. */
export function LeadCard({ lead }: { lead: LeadSummary }) {
  return (
    <li className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <div className="flex min-w-0 items-start justify-between gap-3">
        <Link href={`/leads/${lead.id}`} className="min-w-0 break-words text-sm font-semibold text-slate-900 hover:text-brand-700 hover:underline focus-visible:outline-2 focus-visible:outline-brand-500">
          {lead.contactName}
        </Link>
        <TierBadge tier={lead.tier} score={lead.score} />
      </div>
      {lead.reason ? <p className="mt-1 line-clamp-2 break-words text-xs text-slate-600">{lead.reason}</p> : null}
      <dl className="mt-3 grid grid-cols-2 gap-x-3 gap-y-2 text-xs">
        <div className="min-w-0"><dt className="text-slate-500">Intent</dt><dd className="text-slate-800">{lead.lastIntent ? INTENT_LABELS[lead.lastIntent] : "None"}</dd></div>
        <div className="min-w-0"><dt className="text-slate-500">Status</dt><dd><Badge tone={STATUS_TONES[lead.status]}>{LEAD_STATUS_LABELS[lead.status]}</Badge></dd></div>
        <div className="min-w-0"><dt className="text-slate-500">Channel</dt><dd className="truncate text-slate-800">{lead.channelName}</dd></div>
        <div className="min-w-0"><dt className="text-slate-500">Last contact</dt><dd className="text-slate-800">{lead.lastContactAt ? formatDateTime(lead.lastContactAt) : "Never"}</dd></div>
        <div className="min-w-0"><dt className="text-slate-500">Owner</dt><dd className="truncate text-slate-800">{lead.owner?.name ?? "Unassigned"}</dd></div>
        <div className="min-w-0"><dt className="text-slate-500">CRM</dt><dd><CrmSyncBadges links={lead.crm} /></dd></div>
      </dl>
    </li>
  );
}
