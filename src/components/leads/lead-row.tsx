"use client";

import Link from "next/link";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import { Badge } from "@/components/ui/badge";
import { formatCount } from "@/components/ui/format-numbers";
import { SourceBadge } from "@/components/inbox/demo-data-badge";
import type { RouterOutputs } from "@/components/trpc/router-types";
import { inputClasses } from "@/components/ui/form-fields";
import { LEAD_STATUS_LABELS, LEAD_STATUSES, useSetLeadStatus, type LeadStatus } from "./lead-status";
import { CrmSyncBadges } from "./crm-sync-badges";
import { LeadTags } from "./lead-tags";
import { TierBadge } from "../ui/tier-badge";

export type LeadSummary = RouterOutputs["leads"]["list"][number];

const STATUS_TONES = { NEW: "slate", QUALIFIED: "brand", WON: "emerald", LOST: "red" } as const;

/** One lead: who, tier and score, the scorer's reason, tags, status (editable by agents), where it stands in each CRM, audience. */
export function LeadRow({ lead, canAct }: { lead: LeadSummary; canAct: boolean }) {
  const setStatus = useSetLeadStatus();
  return (
    <tr className="align-top">
      <th scope="row" className="px-4 py-3 text-left font-normal">
        <p className="text-sm font-medium text-slate-900">{lead.contactName}</p>
        <p className="mt-1"><SourceBadge platform={lead.platform} /></p>
      </th>
      <td className="px-4 py-3"><TierBadge tier={lead.tier} /></td>
      <td className="px-4 py-3 text-right text-sm font-semibold tabular-nums text-slate-900">{lead.score}</td>
      <td className="px-4 py-3">
        <p className="max-w-xs text-sm text-slate-700">{lead.reason || <span className="text-slate-400">Not scored yet</span>}</p>
        <div className="mt-1"><LeadTags tags={lead.tags} /></div>
      </td>
      <td className="px-4 py-3">
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
      <td className="px-4 py-3"><CrmSyncBadges links={lead.crm} /></td>
      <td className="whitespace-nowrap px-4 py-3 text-sm text-slate-700">
        {lead.followers === null ? <span className="text-slate-400">Unknown</span> : formatCount(lead.followers)}
        {lead.verified ? <span className="ml-1.5"><Badge tone="sky">Verified</Badge></span> : null}
      </td>
      <td className="px-4 py-3 text-right">
        {lead.conversationId ? (
          <Link href={`/inbox/${lead.conversationId}`} className="whitespace-nowrap text-sm font-medium text-brand-600 hover:underline focus-visible:outline-2 focus-visible:outline-brand-500">
            Open<span className="sr-only"> the conversation with {lead.contactName}</span>
          </Link>
        ) : null}
      </td>
    </tr>
  );
}
