"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { PLATFORM_LABELS } from "@/components/ui/platform-badge";
import { useTRPC } from "@/lib/trpc/client";
import type { Channel } from "./channel-types";

/** Admins only: a Disconnect button and a confirmation dialog; the server revokes and unsubscribes. */
export function DisconnectChannel({ channel }: { channel: Channel }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const disconnect = useMutation(
    trpc.channels.disconnect.mutationOptions({
      onSuccess: async () => {
        setConfirming(false);
        await queryClient.invalidateQueries({ queryKey: trpc.channels.list.queryKey() });
      },
    }),
  );
  const platform = PLATFORM_LABELS[channel.platform];

  function open() {
    disconnect.reset();
    setConfirming(true);
  }

  return (
    <>
      <Button variant="ghost" size="sm" aria-label={`Disconnect ${channel.name}`} onClick={open}>Disconnect</Button>
      <ConfirmDialog
        open={confirming}
        title={`Disconnect ${channel.name}?`}
        confirmLabel={`Disconnect ${platform}`}
        pending={disconnect.isPending}
        error={disconnect.error ? readTrpcError(disconnect.error).message : null}
        onConfirm={() => disconnect.mutate({ channelId: channel.id })}
        onCancel={() => setConfirming(false)}
      >
        <p>
          Leadline gives up its access to this {platform} account and stops receiving its messages and sending replies on it.
          Conversations already in the inbox stay. To use it again, connect it again.
        </p>
      </ConfirmDialog>
    </>
  );
}
