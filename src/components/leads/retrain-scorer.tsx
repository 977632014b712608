"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/format-time";
import { Notice } from "@/components/ui/notice";
import { useTRPC } from "@/lib/trpc/client";

function formatAuc(auc: number | null): string {
  return auc !== null && Number.isFinite(auc) ? auc.toFixed(2) : "n/a";
}

/** While a retraining is queued, the last training is re-read this often. */
const POLL_MS = 5_000;

/**
 * Admins queue a retraining of the lead scorer from the workspace's won/lost marks (it runs in
 * the background: the `retrain-scorer` job, also queued when won/lost comes back from a CRM) and
 * see the last training.
 */
export function RetrainScorer() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const retrain = useMutation(
    trpc.leads.retrainScorer.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries(trpc.leads.scorerStatus.queryFilter()),
    }),
  );
  const status = useQuery({ ...trpc.leads.scorerStatus.queryOptions(), refetchInterval: retrain.isSuccess ? POLL_MS : false });
  const model = status.data?.model ?? null;
  const skipped = status.data?.lastSkipped ?? null;

  return (
    <Card
      title="Lead scorer"
      description="Learns from the leads marked Won or Lost, by your team or by a connected CRM. Until there are enough, the built-in model keeps scoring."
      actions={<Button variant="secondary" pending={retrain.isPending} onClick={() => retrain.mutate()}>Retrain scorer from outcomes</Button>}
    >
      <div aria-live="polite" className="space-y-3">
        {retrain.isError ? (
          <Notice tone="error" title="Could not queue the retraining">{readTrpcError(retrain.error).message}</Notice>
        ) : retrain.isSuccess ? (
          <Notice tone="success" title="Retraining queued">
            It runs in the background and usually takes under a minute; the last training below updates when it is done.
          </Notice>
        ) : null}
        {status.isError ? (
          <Notice tone="error" title="Could not load the last training">{readTrpcError(status.error).message}</Notice>
        ) : model ? (
          <p className="text-sm text-slate-700">
            Last trained {formatDateTime(model.trainedAt)} on {model.examples} marked leads. Held-out AUC {formatAuc(model.auc)}
            {model.accuracy !== null && model.heldOut !== null ? `, accuracy ${Math.round(model.accuracy * 100)}% on ${model.heldOut} leads` : ""}.
          </p>
        ) : status.data ? (
          <p className="text-sm text-slate-600">Not trained on this workspace yet: the built-in model scores new messages.</p>
        ) : null}
        {skipped ? (
          <Notice tone="warning" title="Last retraining kept the current model">
            {formatDateTime(skipped.at)}: {skipped.reason}.
          </Notice>
        ) : null}
      </div>
    </Card>
  );
}
