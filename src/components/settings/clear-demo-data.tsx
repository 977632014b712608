"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useTRPC } from "@/lib/trpc/client";
import { describeClearedDemoData } from "./describe-cleared-demo-data";

/**
 * Admins only: deletes the conversations, contacts and leads that came through the Demo
 * channel, after a confirmation dialog. The Demo channel and the knowledge base stay.
 */
export function ClearDemoData() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
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

      <ConfirmDialog
        open={confirming}
        title="Clear demo data?"
        confirmLabel="Delete demo data"
        pending={clear.isPending}
        error={clear.error ? readTrpcError(clear.error).message : null}
        onConfirm={() => clear.mutate({ confirm: true })}
        onCancel={() => setConfirming(false)}
      >
        <p>
          This permanently deletes every conversation, message, reply, lead and contact that came through the Demo channel in this workspace.
          It cannot be undone. The audit log keeps a record of how many rows were deleted.
        </p>
      </ConfirmDialog>
    </Card>
  );
}
