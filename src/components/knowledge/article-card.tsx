"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc/client";
import { ArticleForm, type Article } from "./article-form";

/** One article; admins can edit it in place or delete it after confirming. */
export function ArticleCard({ article, canEdit }: { article: Article; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<"view" | "edit" | "confirm-delete">("view");
  const remove = useMutation(
    trpc.knowledge.delete.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.knowledge.list.queryKey() }),
    }),
  );

  if (mode === "edit") {
    return (
      <li className="rounded-xl border border-brand-100 bg-white p-5 shadow-sm">
        <ArticleForm article={article} onDone={() => setMode("view")} />
      </li>
    );
  }

  return (
    <li className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h3 className="font-semibold text-slate-900">{article.title}</h3>
          <p className="mt-0.5 text-xs text-slate-500">Updated {article.updatedAt.toLocaleString()}</p>
        </div>
        {canEdit ? (
          <div className="flex gap-2">
            {mode === "confirm-delete" ? (
              <>
                <Button variant="danger" size="sm" pending={remove.isPending} onClick={() => remove.mutate({ id: article.id })}>Delete article</Button>
                <Button variant="ghost" size="sm" onClick={() => setMode("view")}>Cancel</Button>
              </>
            ) : (
              <>
                <Button variant="secondary" size="sm" aria-label={`Edit ${article.title}`} onClick={() => setMode("edit")}>Edit</Button>
                <Button variant="ghost" size="sm" aria-label={`Delete ${article.title}`} onClick={() => setMode("confirm-delete")}>Delete</Button>
              </>
            )}
          </div>
        ) : null}
      </div>
      <p className="mt-3 line-clamp-4 whitespace-pre-line text-sm text-slate-700">{article.body}</p>
      {article.tags.length > 0 ? (
        <ul className="mt-3 flex flex-wrap gap-1.5" aria-label="Tags">
          {article.tags.map((tag) => (
            <li key={tag} className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-600">{tag}</li>
          ))}
        </ul>
      ) : null}
      {remove.error ? <p role="alert" className="mt-2 text-xs font-medium text-red-700">{readTrpcError(remove.error).message}</p> : null}
    </li>
  );
}
