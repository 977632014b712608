"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { ErrorPanel } from "@/components/errors/error-panel";
import { Button } from "@/components/ui/button";
import { LoadingPanel } from "@/components/ui/loading-panel";
import { Notice } from "@/components/ui/notice";
import { useActiveWorkspace } from "@/components/workspace/active-workspace";
import { ReadOnlyNotice } from "@/components/workspace/read-only-notice";
import { useTRPC } from "@/lib/trpc/client";
import { ConnectCrm } from "./connect-crm";
import { CrmConnectionCard } from "./crm-connection-card";
import { CRM_PROVIDER_LABELS } from "./crm-labels";
import type { CrmProvider } from "./crm-types";
import { describeCrmConnectError } from "./describe-crm-connect-error";
import type { CrmPageParams } from "./read-crm-params";

const CRM_PAGE = "/settings/crm";
const OAUTH_IDS: Record<string, CrmProvider> = { hubspot: "HUBSPOT", salesforce: "SALESFORCE", pipedrive: "PIPEDRIVE" };
/** Runs and lead states change while the page is open: a light refresh keeps them current. */
const REFRESH_MS = 15_000;

/**
 * Settings -> CRM: what the OAuth callback sent back, one card per connected CRM, and the ways
 * to connect the others. Admins act; agents and viewers read (viewers without lead names).
 */
export function CrmSettings({ params }: { params: CrmPageParams }) {
  const trpc = useTRPC();
  const router = useRouter();
  const { role } = useActiveWorkspace();
  const isAdmin = role === "ADMIN";
  const connections = useQuery({ ...trpc.crm.list.queryOptions(), refetchInterval: REFRESH_MS });
  const providers = useQuery(trpc.crm.providers.queryOptions());
  const clearParams = () => router.replace(CRM_PAGE, { scroll: false });

  return (
    <div className="space-y-6">
      {isAdmin ? null : <ReadOnlyNotice role={role}>Only admins can connect CRMs, change their mapping or interval, sync, retry or disconnect.</ReadOnlyNotice>}
      <CallbackNotice params={params} onDismiss={clearParams} />
      {connections.isPending || providers.isPending ? (
        <LoadingPanel label="Loading CRM connections" />
      ) : connections.isError || providers.isError ? (
        <ErrorPanel
          title="We couldn't load the CRM connections"
          error={connections.error ?? providers.error}
          onRetry={() => void Promise.all([connections.refetch(), providers.refetch()])}
          retrying={connections.isFetching || providers.isFetching}
        />
      ) : (
        <>
          {connections.data.map((c) => (
            <CrmConnectionCard key={c.id} connection={c} provider={providers.data.find((p) => p.provider === c.provider)} canManage={isAdmin} />
          ))}
          {connections.data.length === 0 && !isAdmin ? (
            <Notice tone="info" title="No CRM connected">An admin can connect HubSpot, Salesforce, Pipedrive or a signed webhook here.</Notice>
          ) : null}
          {isAdmin ? <ConnectCrm providers={providers.data.filter((p) => !connections.data.some((c) => c.provider === p.provider))} /> : null}
        </>
      )}
    </div>
  );
}

function CallbackNotice({ params, onDismiss }: { params: CrmPageParams; onDismiss: () => void }) {
  if (params.kind === "none") return null;
  if (params.kind === "connected") {
    const provider = OAUTH_IDS[params.provider];
    return (
      <Notice tone="success" title={`${provider ? CRM_PROVIDER_LABELS[provider] : "The CRM"} is connected`}>
        <p>Leads are on their way: the first sync has been requested. Check the field mapping below.</p>
        <Button variant="secondary" size="sm" className="mt-3" onClick={onDismiss}>Dismiss</Button>
      </Notice>
    );
  }
  const { title, message } = describeCrmConnectError(params.code);
  return (
    <Notice tone="error" title={title}>
      <p>{message}</p>
      <Button variant="secondary" size="sm" className="mt-3" onClick={onDismiss}>Dismiss</Button>
    </Notice>
  );
}
