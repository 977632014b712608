"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { ErrorPanel } from "@/components/errors/error-panel";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { formatDateTime } from "@/components/ui/format-time";
import { TierBadge } from "@/components/ui/tier-badge";
import { useTRPC } from "@/lib/trpc/client";
import { LINK_STATE_LABELS, LINK_STATE_TONES } from "./crm-labels";
import type { CrmFailedLead } from "./crm-types";

/**
 * Leads this CRM refused (retried with backoff) or gave up on, with the CRM's reason; admins
 * can send one again now. Viewers see tier and score but no names.
 */
export function CrmFailedLeads({ connectionId, canManage }: { connectionId: string; canManage: boolean }) {
  const trpc = useTRPC();
  const failed = useQuery({ ...trpc.crm.failedLeads.queryOptions({ connectionId }), refetchInterval: 15_000 });

  return (
    <section aria-labelledby={`failed-${connectionId}`} className="space-y-2">
      <h3 id={`failed-${connectionId}`} className="text-sm font-semibold text-slate-900">
        Failed leads{failed.data && failed.data.total > 0 ? ` (${failed.data.total.toLocaleString("en")})` : ""}
      </h3>
      {failed.isPending ? (
        <p className="text-sm text-slate-500">Loading failed leads…</p>
      ) : failed.isError ? (
        <ErrorPanel title="We couldn't load the failed leads" error={failed.error} onRetry={() => void failed.refetch()} retrying={failed.isFetching} />
      ) : failed.data.leads.length === 0 ? (
        <p className="text-sm text-slate-500">None: every lead was accepted.</p>
      ) : (
        <>
          <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200">
            {failed.data.leads.map((lead) => <FailedLeadRow key={lead.linkId} lead={lead} connectionId={connectionId} canManage={canManage} />)}
          </ul>
          {failed.data.total > failed.data.leads.length ? <p className="text-xs text-slate-500">Showing the {failed.data.leads.length} most recent.</p> : null}
        </>
      )}
    </section>
  );
}

function FailedLeadRow({ lead, connectionId, canManage }: { lead: CrmFailedLead; connectionId: string; canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const retry = useMutation(
    trpc.crm.retryLead.mutationOptions({
      onSettled: () =>
        Promise.allSettled([
          queryClient.invalidateQueries(trpc.crm.failedLeads.queryFilter({ connectionId })),
          queryClient.invalidateQueries(trpc.crm.list.queryFilter()),
        ]),
    }),
  );
  const who = lead.contactName ?? `A ${lead.tier.toLowerCase()} lead`;
  return (
    <li className="flex flex-col gap-2 px-3 py-3 sm:flex-row sm:items-start sm:justify-between">
      <div className="min-w-0 space-y-1">
        <p className="flex flex-wrap items-center gap-2 text-sm">
          {lead.contactName && lead.conversationId ? (
            <Link href={`/inbox/${lead.conversationId}`} className="font-medium text-brand-600 hover:underline">{lead.contactName}</Link>
          ) : (
            <span className="font-medium text-slate-900">{who}</span>
          )}
          <TierBadge tier={lead.tier} />
          <span className="tabular-nums text-slate-600">score {lead.score}</span>
          <Badge tone={LINK_STATE_TONES[lead.state]}>{LINK_STATE_LABELS[lead.state]}</Badge>
        </p>
        <p className="break-words text-sm text-slate-700">{lead.reason ?? "No reason given by the CRM."}</p>
        <p className="text-xs text-slate-500">
          {lead.attempts} attempt{lead.attempts === 1 ? "" : "s"} · last {formatDateTime(lead.failedAt)}
          {lead.state === "FAILED" && lead.nextAttemptAt ? ` · next try ${formatDateTime(lead.nextAttemptAt)}` : ""}
        </p>
        {retry.error ? <p role="alert" className="text-xs text-red-700">{readTrpcError(retry.error).message}</p> : null}
      </div>
      {canManage ? (
        <Button variant="secondary" size="sm" pending={retry.isPending} aria-label={`Retry ${who}`} onClick={() => retry.mutate({ linkId: lead.linkId })}>Retry</Button>
      ) : null}
    </li>
  );
}
