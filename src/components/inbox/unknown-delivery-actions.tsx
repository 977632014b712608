"use client";

import { useMutation } from "@tanstack/react-query";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { useTRPC } from "@/lib/trpc/client";
import type { ConversationReply } from "./describe-reply";
import { useRefreshConversation } from "./use-refresh-conversation";

/** A reply whose delivery is unknown, after the agent looked on the platform: mark it sent, or send it again (agents and admins). */
export function UnknownDeliveryActions({ reply, conversationId }: { reply: ConversationReply; conversationId: string }) {
  const trpc = useTRPC();
  const refresh = useRefreshConversation(conversationId);
  const resolve = useMutation(trpc.inbox.resolveUnknown.mutationOptions({ onSuccess: refresh }));
  const failure = resolve.error ? readTrpcError(resolve.error) : null;
  const pending = (outcome: "sent" | "resend") => resolve.isPending && resolve.variables?.outcome === outcome;
  return (
    <div className="mt-3 border-t border-amber-200 pt-3">
      {failure ? <Notice tone="error" className="mb-3">{failure.message}</Notice> : null}
      <div className="flex flex-wrap gap-2">
        <Button size="sm" pending={pending("sent")} disabled={resolve.isPending} onClick={() => resolve.mutate({ replyId: reply.id, outcome: "sent" })}>It was delivered: mark sent</Button>
        <Button variant="secondary" size="sm" pending={pending("resend")} disabled={resolve.isPending} onClick={() => resolve.mutate({ replyId: reply.id, outcome: "resend" })}>It is not there: send again</Button>
      </div>
    </div>
  );
}
