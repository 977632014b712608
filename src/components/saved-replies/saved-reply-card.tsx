"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc/client";
import { SavedReplyForm, type SavedReply } from "./saved-reply-form";

/** One saved reply; admins edit it in place or delete it after confirming. */
export function SavedReplyCard({ reply, canEdit }: { reply: SavedReply; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<"view" | "edit" | "confirm-delete">("view");
  const remove = useMutation(
    trpc.savedReplies.delete.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.savedReplies.list.queryFilter()),
    }),
  );

  if (mode === "edit") {
    return (
      <li className="rounded-xl border border-brand-100 bg-white p-5 shadow-sm">
        <SavedReplyForm reply={reply} onDone={() => setMode("view")} />
      </li>
    );
  }

  return (
    <li className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h3 className="font-semibold text-slate-900">
            {reply.title}
            {reply.shortcut ? <span className="ml-2 rounded bg-brand-50 px-1.5 py-0.5 font-mono text-xs font-normal text-brand-700">/{reply.shortcut}</span> : null}
          </h3>
          <p className="mt-0.5 text-xs text-slate-500">Updated {reply.updatedAt.toLocaleString()}</p>
        </div>
        {canEdit ? (
          <div className="flex gap-2">
            {mode === "confirm-delete" ? (
              <>
                <Button variant="danger" size="sm" pending={remove.isPending} onClick={() => remove.mutate({ id: reply.id })}>Delete saved reply</Button>
                <Button variant="ghost" size="sm" onClick={() => setMode("view")}>Cancel</Button>
              </>
            ) : (
              <>
                <Button variant="secondary" size="sm" aria-label={`Edit ${reply.title}`} onClick={() => setMode("edit")}>Edit</Button>
                <Button variant="ghost" size="sm" aria-label={`Delete ${reply.title}`} onClick={() => setMode("confirm-delete")}>Delete</Button>
              </>
            )}
          </div>
        ) : null}
      </div>
      <p className="mt-3 line-clamp-4 whitespace-pre-line text-sm text-slate-700">{reply.body}</p>
      {remove.error ? <p role="alert" className="mt-2 text-xs font-medium text-red-700">{readTrpcError(remove.error).message}</p> : null}
    </li>
  );
}
