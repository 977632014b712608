"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { firstFieldError, readTrpcError } from "@/components/errors/read-trpc-error";
import { Button } from "@/components/ui/button";
import { TextAreaField } from "@/components/ui/form-fields";
import { Notice } from "@/components/ui/notice";
import { useTRPC } from "@/lib/trpc/client";
import { useRefreshConversation } from "./use-refresh-conversation";

const MAX_REPLY = 2_000;

/** An agent's own reply, overriding the AI: it is queued to send and pending AI drafts are discarded. */
export function ReplyComposer({ conversationId, pendingDrafts }: { conversationId: string; pendingDrafts: number }) {
  const trpc = useTRPC();
  const refresh = useRefreshConversation(conversationId);
  const [text, setText] = useState("");
  const [sent, setSent] = useState(false);
  const send = useMutation(
    trpc.inbox.reply.mutationOptions({
      onSuccess: async () => {
        setText("");
        setSent(true);
        await refresh();
      },
    }),
  );
  const failure = send.error ? readTrpcError(send.error) : null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSent(false);
    send.mutate({ conversationId, text });
  }

  return (
    <form onSubmit={onSubmit} aria-label="Write your own reply" className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      {failure && !firstFieldError(failure.fieldErrors, "text") ? <Notice tone="error">{failure.message}</Notice> : null}
      <TextAreaField
        label="Your reply"
        name="text"
        rows={3}
        maxLength={MAX_REPLY}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setSent(false);
        }}
        hint={pendingDrafts > 0 ? "Sends as you and discards the AI draft waiting on this conversation." : "Sends as you, in place of the AI."}
        error={failure ? firstFieldError(failure.fieldErrors, "text") : undefined}
      />
      <div className="flex items-center gap-3">
        <Button type="submit" pending={send.isPending} disabled={text.trim() === ""}>Send reply</Button>
        <p role="status" className="text-sm text-emerald-700">{sent ? "Reply queued to send." : ""}</p>
      </div>
    </form>
  );
}
