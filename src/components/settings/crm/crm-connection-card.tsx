"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/format-time";
import { Notice } from "@/components/ui/notice";
import { useTRPC } from "@/lib/trpc/client";
import { ReconnectCrm } from "./reconnect-crm";
import { CrmFailedLeads } from "./crm-failed-leads";
import { CrmIntervalForm } from "./crm-interval-form";
import { CRM_PROVIDER_LABELS, CRM_STATUS_LABELS, CRM_STATUS_TONES, describeCounts, describeInterval } from "./crm-labels";
import { CrmMappingEditor } from "./crm-mapping-editor";
import { CrmRunsTable } from "./crm-runs-table";
import type { CrmConnection, CrmProviderOption } from "./crm-types";
import { DisconnectCrm } from "./disconnect-crm";

/**
 * One connected CRM: its status (and a reconnect banner when it lost access), what its leads
 * look like, Test and Sync now, the interval, the field mapping, the last runs and the leads it
 * refused. Everyone reads; only admins get the controls.
 */
export function CrmConnectionCard({ connection, provider, canManage }: { connection: CrmConnection; provider: CrmProviderOption | undefined; canManage: boolean }) {
  const name = CRM_PROVIDER_LABELS[connection.provider];
  const needsReauth = connection.status === "NEEDS_REAUTH";
  return (
    <Card
      title={`${name}${connection.label ? ` · ${connection.label}` : ""}`}
      description={
        <span className="flex flex-wrap items-center gap-2">
          <Badge tone={CRM_STATUS_TONES[connection.status]}>{CRM_STATUS_LABELS[connection.status]}</Badge>
          {connection.enabled ? null : <Badge tone="slate">Paused</Badge>}
          {connection.running ? <Badge tone="sky">Syncing now</Badge> : null}
          <span>{describeCounts(connection.counts)}</span>
        </span>
      }
      actions={canManage ? <DisconnectCrm connection={connection} /> : null}
    >
      <div className="space-y-6">
        {needsReauth ? (
          <Notice tone="error" title={`${name} needs to be reconnected`}>
            <p>It refused Leadline’s access, so nothing is sent. Leads keep waiting and sync once it is reconnected.</p>
            {canManage ? <ReconnectCrm connection={connection} provider={provider} /> : <p className="mt-1">Ask an admin to reconnect it.</p>}
          </Notice>
        ) : connection.lastError ? (
          <Notice tone="warning" title={connection.status === "FAILING" ? `${name} is failing` : "Last error"}>
            <p className="break-words">{connection.lastError}</p>
            {connection.failingSince ? <p className="mt-1 text-xs">Since {formatDateTime(connection.failingSince)}. Leads are retried with backoff; nothing is lost.</p> : null}
          </Notice>
        ) : null}

        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-3">
          <Fact term="Last sync">{connection.lastSyncAt ? formatDateTime(connection.lastSyncAt) : "Not yet"}</Fact>
          <Fact term="Next sync">{!connection.enabled ? "Paused" : connection.nextSyncAt ? formatDateTime(connection.nextSyncAt) : "Due now"}</Fact>
          <Fact term="Interval">
            {describeInterval(connection.effectiveSyncMinutes)}
            {connection.syncMinutes === null ? " (workspace default)" : ""}
          </Fact>
          {connection.webhookHost ? <Fact term="Posts to">{connection.webhookUrl ?? connection.webhookHost}</Fact> : null}
          <Fact term="Connected">{connection.connectedAt.toLocaleDateString()}</Fact>
        </dl>

        {canManage ? <CrmActions connection={connection} /> : null}
        {canManage && connection.provider === "WEBHOOK" && !needsReauth ? (
          <details className="text-sm">
            <summary className="cursor-pointer font-medium text-brand-600">Change the URL or make a new signing secret</summary>
            <ReconnectCrm connection={connection} provider={provider} />
          </details>
        ) : null}
        {canManage ? <CrmIntervalForm connection={connection} /> : null}
        <CrmMappingEditor connection={connection} canManage={canManage} />
        <CrmRunsTable connectionId={connection.id} />
        <CrmFailedLeads connectionId={connection.id} canManage={canManage} />
      </div>
    </Card>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{term}</dt>
      <dd className="mt-0.5 break-words text-slate-800">{children}</dd>
    </div>
  );
}

/** Test (asks the CRM who the credentials belong to) and Sync now, each with its own outcome line. */
function CrmActions({ connection }: { connection: CrmConnection }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries(trpc.crm.list.queryFilter());
  const test = useMutation(trpc.crm.test.mutationOptions({ onSettled: refresh }));
  const sync = useMutation(trpc.crm.syncNow.mutationOptions({ onSuccess: refresh }));
  const [last, setLast] = useState<"test" | "sync" | null>(null);
  const needsReauth = connection.status === "NEEDS_REAUTH";
  const name = CRM_PROVIDER_LABELS[connection.provider];

  const outcome =
    last === "test"
      ? test.isSuccess
        ? { tone: "success" as const, text: `Connected to ${test.data.account}.` }
        : test.error
          ? { tone: "error" as const, text: readTrpcError(test.error).message }
          : null
      : last === "sync"
        ? sync.isSuccess
          ? { tone: "success" as const, text: "Sync requested: it starts within a few seconds." }
          : sync.error
            ? { tone: "error" as const, text: readTrpcError(sync.error).message }
            : null
        : null;

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" size="sm" pending={test.isPending} aria-label={`Test the ${name} connection`} onClick={() => { setLast("test"); sync.reset(); test.mutate({ connectionId: connection.id }); }}>
          Test connection
        </Button>
        <Button
          variant="secondary"
          size="sm"
          pending={sync.isPending}
          disabled={needsReauth || !connection.enabled}
          aria-label={`Sync ${name} now`}
          onClick={() => { setLast("sync"); test.reset(); sync.mutate({ connectionId: connection.id }); }}
        >
          Sync now
        </Button>
      </div>
      {outcome ? (
        <p role={outcome.tone === "error" ? "alert" : "status"} className={`text-sm ${outcome.tone === "error" ? "text-red-700" : "font-medium text-emerald-700"}`}>{outcome.text}</p>
      ) : null}
    </div>
  );
}

