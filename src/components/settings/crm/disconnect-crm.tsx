"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useTRPC } from "@/lib/trpc/client";
import { CRM_PROVIDER_LABELS } from "./crm-labels";
import type { CrmConnection } from "./crm-types";

/** Admins only: Disconnect with a confirmation; the server revokes the grant where the CRM allows it. */
export function DisconnectCrm({ connection }: { connection: CrmConnection }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const name = CRM_PROVIDER_LABELS[connection.provider];
  const disconnect = useMutation(
    trpc.crm.disconnect.mutationOptions({
      onSuccess: async () => {
        setConfirming(false);
        await Promise.allSettled([queryClient.invalidateQueries(trpc.crm.list.queryFilter()), queryClient.invalidateQueries(trpc.leads.list.queryFilter())]);
      },
    }),
  );

  return (
    <>
      <Button variant="ghost" size="sm" aria-label={`Disconnect ${name}`} onClick={() => { disconnect.reset(); setConfirming(true); }}>Disconnect</Button>
      <ConfirmDialog
        open={confirming}
        title={`Disconnect ${name}?`}
        confirmLabel={`Disconnect ${name}`}
        pending={disconnect.isPending}
        error={disconnect.error ? readTrpcError(disconnect.error).message : null}
        onConfirm={() => disconnect.mutate({ connectionId: connection.id })}
        onCancel={() => setConfirming(false)}
      >
        <p>
          Leadline stops sending leads to {name}{connection.label ? ` (${connection.label})` : ""} and gives up its access. Records already in {name} stay there.
          The field mapping, sync history and each lead’s sync state here are deleted; connecting again starts fresh and updates the same records.
        </p>
      </ConfirmDialog>
    </>
  );
}
