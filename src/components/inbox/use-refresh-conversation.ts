"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";

/**
 * After an inbox action: refetch the conversation and the list (draft counts, paused flag).
 * Other members get the same change through the realtime stream.
 */
export function useRefreshConversation(conversationId: string): () => Promise<void> {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([
      queryClient.invalidateQueries(trpc.inbox.get.queryFilter({ conversationId })),
      queryClient.invalidateQueries(trpc.inbox.list.queryFilter()),
    ]);
  };
}
