"use client";

import Link from "next/link";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format-time";
import { INTENT_LABELS } from "@/components/ui/intent-badge";
import { SourceBadge } from "@/components/inbox/demo-data-badge";
import type { RouterOutputs } from "@/components/trpc/router-types";
import { inputClasses } from "@/components/ui/form-fields";
import { LEAD_STATUS_LABELS, LEAD_STATUSES, useSetLeadStatus, type LeadStatus } from "./lead-status";
import { CrmSyncBadges } from "./crm-sync-badges";
import { TierBadge } from "../ui/tier-badge";

export type LeadSummary = RouterOutputs["leads"]["list"][number];

export const STATUS_TONES = { NEW: "slate", QUALIFIED: "brand", WON: "emerald", LOST: "red" } as const;

/** One lead in the wide table: who (links to the lead page), tier, score, last intent, channel, last contact, owner, status (editable by agents), CRM. */
export function LeadRow({ lead, canAct }: { lead: LeadSummary; canAct: boolean }) {
  const setStatus = useSetLeadStatus();
  return (
    <tr className="align-top">
      <th scope="row" className="max-w-64 px-3 py-3 text-left font-normal">
        <Link href={`/leads/${lead.id}`} className="text-sm font-medium text-slate-900 hover:text-brand-700 hover:underline focus-visible:outline-2 focus-visible:outline-brand-500">
          {lead.contactName}
        </Link>
        <p className="mt-1 line-clamp-2 text-xs text-slate-600">{lead.reason || <span className="text-slate-500">Not scored yet</span>}</p>
        <p className="mt-1"><SourceBadge platform={lead.platform} /></p>
      </th>
      <td className="px-3 py-3"><TierBadge tier={lead.tier} /></td>
      <td className="px-3 py-3 text-right text-sm font-semibold tabular-nums text-slate-900">{lead.score}</td>
      <td className="px-3 py-3 text-sm text-slate-700">{lead.lastIntent ? INTENT_LABELS[lead.lastIntent] : <span className="text-slate-500">None</span>}</td>
      <td className="hidden px-3 py-3 text-sm text-slate-700 lg:table-cell">{lead.channelName}</td>
      <td className="whitespace-nowrap px-3 py-3 text-sm text-slate-700">{lead.lastContactAt ? formatDateTime(lead.lastContactAt) : <span className="text-slate-500">Never</span>}</td>
      <td className="hidden px-3 py-3 text-sm text-slate-700 lg:table-cell">{lead.owner?.name ?? <span className="text-slate-500">Unassigned</span>}</td>
      <td className="px-3 py-3">
        {canAct ? (
          <>
            <select
              aria-label={`Status for ${lead.contactName}`}
              value={setStatus.isPending ? setStatus.variables.status : lead.status}
              disabled={setStatus.isPending}
              onChange={(e) => setStatus.mutate({ leadId: lead.id, status: e.target.value as LeadStatus })}
              className={`${inputClasses} w-32 py-1.5`}
            >
              {LEAD_STATUSES.map((s) => <option key={s} value={s}>{LEAD_STATUS_LABELS[s]}</option>)}
            </select>
            {setStatus.error ? <p role="alert" className="mt-1 text-xs text-red-700">{readTrpcError(setStatus.error).message}</p> : null}
          </>
        ) : (
          <Badge tone={STATUS_TONES[lead.status]}>{LEAD_STATUS_LABELS[lead.status]}</Badge>
        )}
      </td>
      <td className="px-3 py-3"><CrmSyncBadges links={lead.crm} /></td>
    </tr>
  );
}
