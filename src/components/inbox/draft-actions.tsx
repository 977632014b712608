"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { firstFieldError, readTrpcError } from "@/components/errors/read-trpc-error";
import { Button } from "@/components/ui/button";
import { TextAreaField } from "@/components/ui/form-fields";
import { Notice } from "@/components/ui/notice";
import { useTRPC } from "@/lib/trpc/client";
import type { ConversationReply } from "./describe-reply";
import { describeReplyLength, type ReplyTarget } from "./describe-reply-length";
import { useRefreshConversation } from "./use-refresh-conversation";

/** Approve, edit-then-approve or discard an AI draft (agents and admins); the edit is counted as the platform counts. */
export function DraftActions({ reply, conversationId, target }: { reply: ConversationReply; conversationId: string; target: ReplyTarget }) {
  const trpc = useTRPC();
  const refresh = useRefreshConversation(conversationId);
  const [editing, setEditing] = useState(false);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const [text, setText] = useState(reply.text);
  const approve = useMutation(trpc.inbox.approve.mutationOptions({ onSuccess: refresh }));
  const discard = useMutation(trpc.inbox.discard.mutationOptions({ onSuccess: refresh }));
  const busy = approve.isPending || discard.isPending;
  const failure = approve.error ? readTrpcError(approve.error) : discard.error ? readTrpcError(discard.error) : null;
  const length = describeReplyLength(text, target);

  function approveEdited() {
    const edited = text.trim();
    // An unchanged text is a plain approval (the reply stays "AI", not "AI, edited").
    approve.mutate(edited === reply.text.trim() ? { replyId: reply.id } : { replyId: reply.id, text: edited });
  }

  return (
    <div className="mt-3 border-t border-brand-100 pt-3">
      {failure ? <Notice tone="error" className="mb-3">{failure.message}</Notice> : null}
      {editing ? (
        <form
          className="space-y-3"
          aria-label="Edit the AI draft"
          onSubmit={(e) => {
            e.preventDefault();
            approveEdited();
          }}
        >
          <TextAreaField
            label="Edit the reply"
            rows={4}
            value={text}
            onChange={(e) => setText(e.target.value)}
            hint={length.counter}
            error={length.over ? `${length.rule}.` : failure ? firstFieldError(failure.fieldErrors, "text") : undefined}
          />
          <div className="flex flex-wrap gap-2">
            <Button type="submit" size="sm" pending={approve.isPending} disabled={discard.isPending || text.trim() === "" || length.over}>Approve edited reply</Button>
            <Button variant="ghost" size="sm" disabled={busy} onClick={() => { setEditing(false); setText(reply.text); }}>Cancel editing</Button>
          </div>
        </form>
      ) : confirmDiscard ? (
        <div className="flex flex-wrap items-center gap-2">
          <span className="text-sm text-slate-700">Discard this draft? The customer will not see it.</span>
          <Button variant="danger" size="sm" pending={discard.isPending} disabled={approve.isPending} onClick={() => discard.mutate({ replyId: reply.id })}>Discard draft</Button>
          <Button variant="ghost" size="sm" disabled={busy} onClick={() => setConfirmDiscard(false)}>Keep draft</Button>
        </div>
      ) : (
        <div className="flex flex-wrap gap-2">
          <Button size="sm" pending={approve.isPending} disabled={discard.isPending} onClick={() => approve.mutate({ replyId: reply.id })}>Approve and send</Button>
          <Button variant="secondary" size="sm" disabled={busy} onClick={() => setEditing(true)}>Edit before sending</Button>
          <Button variant="ghost" size="sm" disabled={busy} onClick={() => setConfirmDiscard(true)}>Discard</Button>
        </div>
      )}
    </div>
  );
}
