"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";

/**
 * Makes a workspace the active one (the server sets the `ll_workspace` cookie). Cached data
 * belonged to the previous workspace, so every query is reset and the visible ones refetch.
 */
export function useSwitchWorkspace() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.workspace.switch.mutationOptions({
      onSuccess: () => queryClient.resetQueries(),
    }),
  );
}
