"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { PLATFORM_LABELS } from "@/components/ui/platform-badge";
import { useTRPC } from "@/lib/trpc/client";
import type { Channel } from "./channel-types";

/** Admins only: a Disconnect button and a confirmation dialog; the server revokes and unsubscribes. */
export function DisconnectChannel({ channel }: { channel: Channel }) {
  const id = useId();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const dialog = useRef<HTMLDialogElement>(null);
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

  // The native modal dialog traps focus, closes on Escape and returns focus to the button.
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (confirming && !element.open) element.showModal();
    if (!confirming && element.open) element.close();
  }, [confirming]);

  function open() {
    disconnect.reset();
    setConfirming(true);
  }

  return (
    <>
      <Button variant="ghost" size="sm" aria-label={`Disconnect ${channel.name}`} onClick={open}>Disconnect</Button>
      <dialog
        ref={dialog}
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-body`}
        onCancel={(e) => {
          if (disconnect.isPending) e.preventDefault();
        }}
        onClose={() => setConfirming(false)}
        className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-xl border border-slate-200 bg-white p-0 shadow-xl backdrop:bg-slate-900/40"
      >
        <div className="space-y-4 px-6 py-5">
          <h2 id={`${id}-title`} className="text-lg font-semibold text-slate-900">Disconnect {channel.name}?</h2>
          <p id={`${id}-body`} className="text-sm text-slate-600">
            Leadline gives up its access to this {platform} account and stops receiving its messages and sending replies on it.
            Conversations already in the inbox stay. To use it again, connect it again.
          </p>
          {disconnect.error ? <Notice tone="error">{readTrpcError(disconnect.error).message}</Notice> : null}
          <div className="flex flex-wrap justify-end gap-2">
            <Button variant="ghost" disabled={disconnect.isPending} onClick={() => setConfirming(false)}>Cancel</Button>
            <Button variant="danger" pending={disconnect.isPending} onClick={() => disconnect.mutate({ channelId: channel.id })}>
              Disconnect {platform}
            </Button>
          </div>
        </div>
      </dialog>
    </>
  );
}
