"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { useTRPC } from "@/lib/trpc/client";

function formatAuc(auc: number): string {
  return Number.isFinite(auc) ? auc.toFixed(2) : "n/a";
}

/** Admins retrain the lead scorer from the workspace's won/lost marks and see how it went. */
export function RetrainScorer() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const retrain = useMutation(
    trpc.leads.retrainScorer.mutationOptions({
      onSuccess: (result) => {
        if (result.trained) void queryClient.invalidateQueries(trpc.leads.list.queryFilter());
      },
    }),
  );
  const result = retrain.data;

  return (
    <Card
      title="Lead scorer"
      description="Learns from the leads your team marks Won or Lost. Until there are enough, the built-in model keeps scoring."
      actions={<Button variant="secondary" pending={retrain.isPending} onClick={() => retrain.mutate()}>Retrain scorer from outcomes</Button>}
    >
      <div aria-live="polite">
        {retrain.isError ? (
          <Notice tone="error" title="Retraining failed">{readTrpcError(retrain.error).message}</Notice>
        ) : result?.trained ? (
          <Notice tone="success" title="Scorer retrained">
            Trained on {result.examples} marked leads. Held-out AUC {formatAuc(result.metrics.auc)}, accuracy {Math.round(result.metrics.accuracy * 100)}% on {result.metrics.heldOut} leads. New messages are scored with it from now on.
          </Notice>
        ) : result ? (
          <Notice tone="warning" title="Not retrained yet">
            Kept the current model: {result.reason}.
          </Notice>
        ) : (
          <p className="text-sm text-slate-600">Retraining takes a few seconds and changes how new messages are scored, not the scores already given.</p>
        )}
      </div>
    </Card>
  );
}
