"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";

export const LEAD_STATUSES = ["NEW", "QUALIFIED", "WON", "LOST"] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];
export const LEAD_STATUS_LABELS: Record<LeadStatus, string> = { NEW: "New", QUALIFIED: "Qualified", WON: "Won", LOST: "Lost" };

/** leads.setStatus, refreshing the leads table, the lead page and any open conversation's lead panel. */
export function useSetLeadStatus() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.leads.setStatus.mutationOptions({
      onSuccess: async () => {
        await Promise.all([
          queryClient.invalidateQueries(trpc.leads.list.queryFilter()),
          queryClient.invalidateQueries(trpc.leads.get.queryFilter()),
          queryClient.invalidateQueries(trpc.inbox.get.queryFilter()),
        ]);
      },
    }),
  );
}
