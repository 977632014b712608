"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import type { RouterOutputs } from "@/components/trpc/router-types";
import { Button } from "@/components/ui/button";
import { TextAreaField, TextField } from "@/components/ui/form-fields";
import { Notice } from "@/components/ui/notice";
import { useTRPC } from "@/lib/trpc/client";
import { SAVED_REPLY_BODY_MAX, SAVED_REPLY_TITLE_MAX, savedReplyInput } from "@/shared/saved-replies/saved-reply-input";

export type SavedReply = RouterOutputs["savedReplies"]["list"][number];
type Field = "title" | "body" | "shortcut";

/** Creates a saved reply, or edits `reply` when given (admins). Checked with the server's schema before it is sent. */
export function SavedReplyForm({ reply, onDone }: { reply?: SavedReply; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(reply?.title ?? "");
  const [body, setBody] = useState(reply?.body ?? "");
  const [shortcut, setShortcut] = useState(reply?.shortcut ? `/${reply.shortcut}` : "");
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const done = async () => {
    await queryClient.invalidateQueries(trpc.savedReplies.list.queryFilter());
    onDone();
  };
  const create = useMutation(trpc.savedReplies.create.mutationOptions({ onSuccess: done }));
  const update = useMutation(trpc.savedReplies.update.mutationOptions({ onSuccess: done }));
  const error = create.error ?? update.error;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = savedReplyInput.safeParse({ title, body, shortcut });
    if (!parsed.success) {
      const errors: Partial<Record<Field, string>> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as Field;
        errors[field] ??= issue.message;
      }
      setFieldErrors(errors);
      return;
    }
    setFieldErrors({});
    const input = { title, body, shortcut };
    if (reply) update.mutate({ id: reply.id, reply: input });
    else create.mutate(input);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label={reply ? `Edit ${reply.title}` : "New saved reply"}>
      {error ? <Notice tone="error">{readTrpcError(error).message}</Notice> : null}
      <TextField label="Title" name="title" maxLength={SAVED_REPLY_TITLE_MAX} value={title} onChange={(e) => setTitle(e.target.value)} error={fieldErrors.title} />
      <TextAreaField
        label="Reply text"
        name="body"
        rows={5}
        maxLength={SAVED_REPLY_BODY_MAX}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        hint={<>Write {"{{first_name}}"} to greet the customer by name; it is left out cleanly when we don&apos;t know their name. Agents can edit the text before sending.</>}
        error={fieldErrors.body}
      />
      <TextField
        label="Shortcut (optional)"
        name="shortcut"
        placeholder="/pricing"
        value={shortcut}
        onChange={(e) => setShortcut(e.target.value)}
        hint="Typed in the reply box as / and the shortcut. Letters, digits, - and _."
        error={fieldErrors.shortcut}
      />
      <div className="flex gap-3">
        <Button type="submit" pending={create.isPending || update.isPending}>{reply ? "Save changes" : "Add saved reply"}</Button>
        <Button variant="ghost" onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}
