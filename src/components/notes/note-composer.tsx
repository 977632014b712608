"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import { Button } from "@/components/ui/button";
import { TextAreaField } from "@/components/ui/form-fields";
import { useTRPC } from "@/lib/trpc/client";
import { NOTE_MAX_CHARS, noteTextSchema } from "@/shared/notes/note-input";

/**
 * Adds an internal note to the conversation (agents and admins): for colleagues only, never
 * sent to the customer, never shown to the AI. The shared schema checks it before it is sent.
 */
export function NoteComposer({ conversationId }: { conversationId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);
  const add = useMutation(
    trpc.notes.add.mutationOptions({
      onSuccess: async () => {
        setText("");
        await queryClient.invalidateQueries(trpc.notes.list.queryFilter({ conversationId }));
      },
    }),
  );
  const length = text.trim().length;
  const error = localError ?? (add.error ? readTrpcError(add.error).message : undefined);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = noteTextSchema.safeParse(text);
    if (!parsed.success) {
      setLocalError(parsed.error.issues[0]?.message ?? "Check the note.");
      return;
    }
    setLocalError(null);
    add.mutate({ conversationId, text: parsed.data });
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Add an internal note" className="space-y-3 rounded-xl border border-dashed border-amber-300 bg-amber-50/60 p-4">
      <TextAreaField
        label="Internal note"
        name="note"
        rows={2}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setLocalError(null);
        }}
        hint={`Only your team sees notes: they are never sent to the customer or given to the AI. ${length.toLocaleString("en-US")} / ${NOTE_MAX_CHARS.toLocaleString("en-US")}.`}
        error={error ?? undefined}
      />
      <Button type="submit" variant="secondary" pending={add.isPending} disabled={length === 0}>Add note</Button>
    </form>
  );
}
