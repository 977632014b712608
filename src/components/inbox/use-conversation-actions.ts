"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";

/**
 * The inbox workflow's actions on one conversation (status, assignment, not spam, approving the
 * latest draft), each refreshing the conversation and the list; shared by the header's buttons
 * and the keyboard shortcuts. Other members' inboxes update through the realtime stream.
 */
export function useConversationActions() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = async () => {
    await Promise.all([queryClient.invalidateQueries(trpc.inbox.get.queryFilter()), queryClient.invalidateQueries(trpc.inbox.list.queryFilter())]);
  };
  return {
    setStatus: useMutation(trpc.inbox.setStatus.mutationOptions({ onSuccess: refresh })),
    assign: useMutation(trpc.inbox.assign.mutationOptions({ onSuccess: refresh })),
    notSpam: useMutation(trpc.inbox.notSpam.mutationOptions({ onSuccess: refresh })),
    approve: useMutation(trpc.inbox.approve.mutationOptions({ onSuccess: refresh })),
  };
}
