"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import { Button } from "@/components/ui/button";
import { formatDateTime } from "@/components/ui/format-time";
import { useTRPC } from "@/lib/trpc/client";
import type { ConversationNote } from "./use-conversation-notes";

function authorLabel(note: ConversationNote): string {
  if (note.author.isYou) return "You";
  if (!note.author.isMember) return "A former member";
  return note.author.name ?? "A colleague";
}

/**
 * An internal note in the thread: set apart from messages (amber, dashed, "Internal note — not
 * sent") so nobody mistakes it for something the customer saw. Its author (or an admin) may
 * delete it after confirming.
 */
export function NoteItem({ note, conversationId, canAct }: { note: ConversationNote; conversationId: string; canAct: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation(
    trpc.notes.delete.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.notes.list.queryFilter({ conversationId })),
    }),
  );
  const author = authorLabel(note);

  return (
    <article aria-label={`Internal note by ${author}`} className="mx-auto w-full max-w-[90%] rounded-xl border border-dashed border-amber-300 bg-amber-50 px-4 py-3">
      <header className="flex flex-wrap items-center gap-2 text-xs text-amber-900">
        <span className="rounded bg-amber-200/70 px-1.5 py-0.5 font-semibold uppercase tracking-wide">Internal note — not sent</span>
        <span className="font-medium">{author}</span>
        <time dateTime={note.createdAt.toISOString()}>{formatDateTime(note.createdAt)}</time>
        {canAct && note.canDelete ? (
          <span className="ml-auto flex gap-1">
            {confirming ? (
              <>
                <Button variant="danger" size="sm" pending={remove.isPending} onClick={() => remove.mutate({ noteId: note.id })}>Delete note</Button>
                <Button variant="ghost" size="sm" onClick={() => setConfirming(false)}>Cancel</Button>
              </>
            ) : (
              <Button variant="ghost" size="sm" aria-label={`Delete the note by ${author}`} onClick={() => setConfirming(true)}>Delete</Button>
            )}
          </span>
        ) : null}
      </header>
      <p className="mt-1.5 whitespace-pre-wrap break-words text-sm text-slate-900">{note.text}</p>
      {remove.error ? <p role="alert" className="mt-2 text-xs font-medium text-red-700">{readTrpcError(remove.error).message}</p> : null}
    </article>
  );
}

/** Several notes in a row of the thread. */
export function NoteList({ notes, conversationId, canAct }: { notes: readonly ConversationNote[] | undefined; conversationId: string; canAct: boolean }) {
  if (!notes || notes.length === 0) return null;
  return (
    <>
      {notes.map((note) => <NoteItem key={note.id} note={note} conversationId={conversationId} canAct={canAct} />)}
    </>
  );
}

/** Said in the thread when the notes could not be loaded (the messages still show). */
export function NotesLoadError({ failed, retrying, onRetry }: { failed: boolean; retrying: boolean; onRetry: () => void }) {
  if (!failed) return null;
  return (
    <p role="alert" className="flex flex-wrap items-center gap-2 text-sm text-red-700">
      We couldn&apos;t load the internal notes.
      <Button variant="ghost" size="sm" pending={retrying} onClick={onRetry}>Try again</Button>
    </p>
  );
}
