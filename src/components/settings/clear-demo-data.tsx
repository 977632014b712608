"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { useTRPC } from "@/lib/trpc/client";
import { describeClearedDemoData } from "./describe-cleared-demo-data";

/**
 * Admins only: deletes the conversations, contacts and leads that came through the Demo
 * channel, after a confirmation dialog. The Demo channel and the knowledge base stay.
 */
export function ClearDemoData() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const dialog = useRef<HTMLDialogElement>(null);
  const [confirming, setConfirming] = useState(false);
  const clear = useMutation(
    trpc.demo.clear.mutationOptions({
      onSuccess: async () => {
        setConfirming(false);
        await Promise.allSettled([
          queryClient.invalidateQueries(trpc.inbox.list.queryFilter()),
          queryClient.invalidateQueries(trpc.inbox.get.queryFilter()),
          queryClient.invalidateQueries(trpc.leads.list.queryFilter()),
        ]);
      },
    }),
  );

  // The native modal dialog traps focus, closes on Escape and returns focus to the button.
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (confirming && !element.open) element.showModal();
    if (!confirming && element.open) element.close();
  }, [confirming]);

  function open() {
    clear.reset();
    setConfirming(true);
  }

  return (
    <Card
      title="Demo data"
      description={
        <>
          Conversations, contacts and leads from the Demo channel are marked <span className="font-medium text-amber-800">Demo data</span> in the inbox and leads.
        </>
      }
    >
      <div className="flex flex-wrap items-center justify-between gap-4">
        <p className="max-w-xl text-sm text-slate-600">
          Clear them to start from an empty inbox. Other channels are not touched; the Demo channel and your knowledge base stay, so you can
          keep playing the customer on the <Link href="/demo" className="font-medium text-brand-600 hover:underline">Demo</Link> page.
        </p>
        <Button variant="secondary" onClick={open}>Clear demo data</Button>
      </div>
      {clear.isSuccess ? <p role="status" className="mt-4 text-sm font-medium text-emerald-700">{describeClearedDemoData(clear.data)}</p> : null}

      <dialog
        ref={dialog}
        aria-labelledby="clear-demo-title"
        aria-describedby="clear-demo-body"
        onCancel={(e) => {
          if (clear.isPending) e.preventDefault();
        }}
        onClose={() => setConfirming(false)}
        className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-xl border border-slate-200 bg-white p-0 shadow-xl backdrop:bg-slate-900/40"
      >
        <div className="space-y-4 px-6 py-5">
          <h2 id="clear-demo-title" className="text-lg font-semibold text-slate-900">Clear demo data?</h2>
          <p id="clear-demo-body" className="text-sm text-slate-600">
            This permanently deletes every conversation, message, reply, lead and contact that came through the Demo channel in this workspace.
            It cannot be undone. The audit log keeps a record of how many rows were deleted.
          </p>
          {clear.error ? <Notice tone="error">{readTrpcError(clear.error).message}</Notice> : null}
          <div className="flex flex-wrap justify-end gap-2">
            <Button variant="ghost" disabled={clear.isPending} onClick={() => setConfirming(false)}>Cancel</Button>
            <Button variant="danger" pending={clear.isPending} onClick={() => clear.mutate({ confirm: true })}>Delete demo data</Button>
          </div>
        </div>
      </dialog>
    </Card>
  );
}
