"use client";

import { readTrpcError } from "@/components/errors/read-trpc-error";
import { LEAD_STATUS_LABELS, LEAD_STATUSES, useSetLeadStatus, type LeadStatus } from "./lead-status";

/** New / Qualified / Won / Lost as toggle buttons; the pressed one is the lead's status. */
export function LeadStatusButtons({ leadId, status }: { leadId: string; status: LeadStatus }) {
  const setStatus = useSetLeadStatus();
  const shown = setStatus.isPending ? setStatus.variables.status : status;
  return (
    <div>
      <div role="group" aria-label="Lead status" className="inline-flex flex-wrap gap-1 rounded-lg bg-slate-100 p-0.5">
        {LEAD_STATUSES.map((s) => (
          <button
            key={s}
            type="button"
            aria-pressed={s === shown}
            disabled={setStatus.isPending}
            onClick={() => s !== status && setStatus.mutate({ leadId, status: s })}
            className={`rounded-md px-3 py-1 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-500 disabled:cursor-wait ${
              s === shown ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"
            }`}
          >
            {LEAD_STATUS_LABELS[s]}
          </button>
        ))}
      </div>
      {setStatus.error ? <p role="alert" className="mt-1 text-xs text-red-700">{readTrpcError(setStatus.error).message}</p> : null}
    </div>
  );
}
