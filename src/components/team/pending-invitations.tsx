"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ErrorPanel } from "@/components/errors/error-panel";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { LoadingPanel } from "@/components/ui/loading-panel";
import { Notice } from "@/components/ui/notice";
import { RoleBadge } from "@/components/ui/role-badge";
import { useTRPC } from "@/lib/trpc/client";

/** Admin only: invitations not yet accepted, revoked or expired, each revocable. */
export function PendingInvitations() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invitations = useQuery(trpc.invitations.list.queryOptions());
  const revoke = useMutation(
    trpc.invitations.revoke.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.invitations.list.queryKey() }),
    }),
  );

  if (invitations.isPending) return <LoadingPanel label="Loading invitations" />;
  if (invitations.isError) {
    return <ErrorPanel title="We couldn't load pending invitations" error={invitations.error} onRetry={() => void invitations.refetch()} retrying={invitations.isFetching} />;
  }

  return (
    <Card title="Pending invitations" description="Revoke an invitation to make its link stop working.">
      {revoke.error ? <Notice tone="error" className="mb-4">{readTrpcError(revoke.error).message}</Notice> : null}
      {invitations.data.length === 0 ? (
        <p className="text-sm text-slate-500">No pending invitations.</p>
      ) : (
        <ul className="-my-3 divide-y divide-slate-100">
          {invitations.data.map((inv) => (
            <li key={inv.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
              <div>
                <p className="text-sm font-medium text-slate-900">{inv.email}</p>
                <p className="mt-0.5 flex items-center gap-2 text-xs text-slate-500">
                  <RoleBadge role={inv.role} /> Expires {inv.expiresAt.toLocaleDateString()}
                </p>
              </div>
              <Button
                variant="secondary"
                size="sm"
                aria-label={`Revoke invitation for ${inv.email}`}
                pending={revoke.isPending && revoke.variables.invitationId === inv.id}
                onClick={() => revoke.mutate({ invitationId: inv.id })}
              >
                Revoke
              </Button>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
