"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { firstFieldError, readTrpcError } from "@/components/errors/read-trpc-error";
import type { RouterOutputs } from "@/components/trpc/router-types";
import { Button } from "@/components/ui/button";
import { TextAreaField, TextField } from "@/components/ui/form-fields";
import { Notice } from "@/components/ui/notice";
import { useTRPC } from "@/lib/trpc/client";

export type Article = RouterOutputs["knowledge"]["list"][number];

function parseTags(text: string): string[] {
  return [...new Set(text.split(",").map((t) => t.trim()).filter(Boolean))];
}

/** Creates an article, or edits `article` when given. */
export function ArticleForm({ article, onDone }: { article?: Article; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(article?.title ?? "");
  const [body, setBody] = useState(article?.body ?? "");
  const [tags, setTags] = useState(article?.tags.join(", ") ?? "");
  const done = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.knowledge.list.queryKey() });
    onDone();
  };
  const create = useMutation(trpc.knowledge.create.mutationOptions({ onSuccess: done }));
  const update = useMutation(trpc.knowledge.update.mutationOptions({ onSuccess: done }));
  const error = create.error ?? update.error;
  const failure = error ? readTrpcError(error) : null;
  const fieldError = (field: string) => (failure ? firstFieldError(failure.fieldErrors, field) : undefined);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = { title, body, tags: parseTags(tags) };
    if (article) update.mutate({ id: article.id, article: input });
    else create.mutate(input);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label={article ? `Edit ${article.title}` : "New article"}>
      {failure ? <Notice tone="error">{failure.message}</Notice> : null}
      <TextField label="Title" name="title" required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} error={fieldError("title")} />
      <TextAreaField label="Article" name="body" required rows={8} maxLength={20000} value={body} onChange={(e) => setBody(e.target.value)} hint="Facts the AI may use in replies: prices, shipping, opening hours, policies." error={fieldError("body")} />
      <TextField label="Tags" name="tags" value={tags} onChange={(e) => setTags(e.target.value)} hint="Separate tags with commas, e.g. shipping, returns." error={fieldError("tags")} />
      <div className="flex gap-3">
        <Button type="submit" pending={create.isPending || update.isPending}>{article ? "Save article" : "Add article"}</Button>
        <Button variant="ghost" onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}
