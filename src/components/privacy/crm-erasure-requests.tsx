"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { useActiveWorkspace } from "@/components/workspace/active-workspace";
import { useTRPC } from "@/lib/trpc/client";

/**
 * Admins only: CRM records of erased contacts. No CRM connector deletes records, so each one
 * waits here until an admin has deleted it in the CRM (by the CRM's record id, or by the
 * Leadline id the record carries) and marks it done.
 */
export function CrmErasureRequests() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { role } = useActiveWorkspace();
  const requests = useQuery({ ...trpc.privacy.crmErasures.queryOptions(), enabled: role === "ADMIN" });
  const resolve = useMutation(trpc.privacy.resolveCrmErasure.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.privacy.crmErasures.queryFilter()) }));
  if (role !== "ADMIN" || !requests.data || requests.data.length === 0) return null;
  return (
    <Notice tone="warning" title="Erased contacts to delete in your CRM">
      <ul className="mt-2 space-y-1">
        {requests.data.map((r) => (
          <li key={r.id} className="flex flex-wrap items-center gap-2 text-sm">
            <span>
              {r.provider.toLowerCase()} {r.account ? `(${r.account})` : ""}: record {r.externalId ?? "unknown"}, Leadline id {r.leadId}
            </span>
            <Button variant="ghost" size="sm" pending={resolve.isPending && resolve.variables?.requestId === r.id} onClick={() => resolve.mutate({ requestId: r.id })}>
              Mark deleted
            </Button>
          </li>
        ))}
      </ul>
      {resolve.error ? <p role="alert" className="mt-1 text-xs text-red-700">{readTrpcError(resolve.error).message}</p> : null}
    </Notice>
  );
}
