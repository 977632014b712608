"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { firstFieldError, readTrpcError } from "@/components/errors/read-trpc-error";
import { useSavedReplyComposer } from "@/components/saved-replies/use-saved-reply-composer";
import { Button } from "@/components/ui/button";
import { TextAreaField } from "@/components/ui/form-fields";
import { Notice } from "@/components/ui/notice";
import { useTRPC } from "@/lib/trpc/client";
import { describeOwnReply, type ConversationReply } from "./describe-reply";
import { describeReplyLength, type ReplyTarget } from "./describe-reply-length";
import { useRefreshConversation } from "./use-refresh-conversation";

const STATUS_TONES = { progress: "text-slate-600", done: "text-emerald-700", error: "text-red-700" } as const;

/**
 * An agent's own reply, overriding the AI: it is queued to send and pending AI drafts are
 * discarded. The counter measures as the conversation's platform counts (X: URLs 23, emoji 2;
 * Instagram DMs: bytes), and a reply over the limit cannot be sent.
 */
export function ReplyComposer({ conversationId, target, pendingDrafts, replies, contactName }: {
  conversationId: string; target: ReplyTarget; pendingDrafts: number; replies: readonly ConversationReply[]; contactName?: string | null;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshConversation(conversationId);
  const [text, setText] = useState("");
  // The reply this composer last sent: its status line follows the reply as realtime updates
  // refetch the conversation (queued -> sent or failed), instead of a flag frozen at "queued".
  const [sentReplyId, setSentReplyId] = useState<string | null>(null);
  const status = describeOwnReply(sentReplyId, replies);
  const send = useMutation(
    trpc.inbox.reply.mutationOptions({
      onSuccess: async ({ replyId }) => {
        setText("");
        setSentReplyId(replyId);
        await refresh();
      },
    }),
  );
  const failure = send.error ? readTrpcError(send.error) : null;
  const length = describeReplyLength(text, target);
  // Saved replies: the menu, and "/" + shortcut typed in the box; a pick fills the box for editing.
  const saved = useSavedReplyComposer({ text, contactName, setText: (filled) => {
    setText(filled);
    setSentReplyId(null);
  } });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSentReplyId(null);
    send.mutate({ conversationId, text });
  }

  return (
    <form onSubmit={onSubmit} aria-label="Write your own reply" className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      {failure && !firstFieldError(failure.fieldErrors, "text") ? <Notice tone="error">{failure.message}</Notice> : null}
      <TextAreaField
        label="Your reply"
        name="text"
        rows={3}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setSentReplyId(null);
        }}
        onKeyDown={saved.onKeyDown}
        hint={`${pendingDrafts > 0 ? "Sends as you and discards the AI draft waiting on this conversation." : "Sends as you, in place of the AI."} ${length.counter}.`}
        error={length.over ? `${length.rule}.` : failure ? firstFieldError(failure.fieldErrors, "text") : undefined}
      />
      {saved.suggestions}
      <div className="flex items-center gap-3">
        <Button type="submit" pending={send.isPending} disabled={text.trim() === "" || length.over}>Send reply</Button>
        {saved.menu}
        <p role="status" className={`text-sm ${STATUS_TONES[status?.tone ?? "progress"]}`}>{status?.text ?? ""}</p>
      </div>
    </form>
  );
}
