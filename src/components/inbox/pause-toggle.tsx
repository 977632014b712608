"use client";

import { useMutation } from "@tanstack/react-query";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc/client";
import { useRefreshConversation } from "./use-refresh-conversation";

/** Pauses or resumes auto-reply on one conversation; while paused the AI only drafts. */
export function PauseToggle({ conversationId, paused }: { conversationId: string; paused: boolean }) {
  const trpc = useTRPC();
  const refresh = useRefreshConversation(conversationId);
  const toggle = useMutation(trpc.inbox.setPaused.mutationOptions({ onSuccess: refresh }));
  return (
    <div className="text-right">
      <Button variant="secondary" size="sm" pending={toggle.isPending} onClick={() => toggle.mutate({ conversationId, paused: !paused })}>
        {paused ? "Resume auto-reply" : "Pause auto-reply"}
      </Button>
      {toggle.error ? <p role="alert" className="mt-1 text-xs text-red-700">{readTrpcError(toggle.error).message}</p> : null}
    </div>
  );
}
