"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type ChangeEvent } from "react";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { useActiveWorkspace } from "@/components/workspace/active-workspace";
import { useTRPC } from "@/lib/trpc/client";
import { MAX_IMPORT_ARTICLES } from "@/shared/knowledge-import";
import { bytesToBase64, checkImportFile } from "./encode-file";
import { ImportPreview, type DuplicateChoice } from "./import-preview";

type Chosen = { fileName: string; contentBase64: string };

/**
 * Settings -> Knowledge: import articles from a CSV (title,body) or Markdown file (one article
 * per # or ## heading). Choosing a file shows a preview (the server parses it, nothing changes);
 * Import then adds them all in one go, or nothing. Admins only (the server refuses others too).
 */
export function KnowledgeImport() {
  const { role } = useActiveWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const inputId = useId();
  // Bumped after an import, to clear the file input (a new element) without touching the DOM.
  const [inputKey, setInputKey] = useState(0);
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const [duplicates, setDuplicates] = useState<DuplicateChoice>("skip");
  const preview = useMutation(trpc.knowledge.importPreview.mutationOptions());
  const run = useMutation(
    trpc.knowledge.import.mutationOptions({
      onSuccess: () => {
        setChosen(null);
        preview.reset();
        setInputKey((k) => k + 1);
        return queryClient.invalidateQueries({ queryKey: trpc.knowledge.list.queryKey() });
      },
    }),
  );
  if (role !== "ADMIN") return null;

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    setChosen(null);
    preview.reset();
    run.reset();
    setLocalError(null);
    if (!file) return;
    const problem = checkImportFile(file);
    if (problem) return setLocalError(problem);
    const next = { fileName: file.name, contentBase64: bytesToBase64(new Uint8Array(await file.arrayBuffer())) };
    setChosen(next);
    preview.mutate(next);
  }

  const failure = localError ?? (preview.error ? readTrpcError(preview.error).message : null) ?? (run.error ? readTrpcError(run.error).message : null);
  const done = run.data;

  return (
    <Card
      title="Import articles"
      description={`From a CSV file with the columns title and body, or a Markdown file where each # or ## heading starts an article. Up to ${MAX_IMPORT_ARTICLES} articles per file.`}
    >
      <div className="space-y-4">
        <div>
          <label htmlFor={inputId} className="block text-sm font-medium text-slate-900">File to import</label>
          <input
            key={inputKey} id={inputId} type="file" accept=".csv,.md,.markdown,text/csv,text/markdown" onChange={(e) => void onFile(e)}
            className="mt-1 block text-sm text-slate-700 file:mr-3 file:rounded-lg file:border-0 file:bg-slate-100 file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-slate-800 hover:file:bg-slate-200"
          />
        </div>
        {failure ? <Notice tone="error">{failure}</Notice> : null}
        {preview.isPending ? <p role="status" className="text-sm text-slate-500">Reading the file…</p> : null}
        {done ? (
          <Notice tone="success" title="Import finished">
            {done.created} article{done.created === 1 ? "" : "s"} added
            {done.replaced > 0 ? `, ${done.replaced} replaced` : ""}
            {done.skipped > 0 ? `, ${done.skipped} skipped (already there)` : ""}.
          </Notice>
        ) : null}
        {preview.data && chosen ? (
          <>
            <ImportPreview preview={preview.data} duplicates={duplicates} onDuplicates={setDuplicates} />
            <Button pending={run.isPending} disabled={!preview.data.canImport} onClick={() => run.mutate({ ...chosen, duplicates })}>
              Import {preview.data.articleCount} article{preview.data.articleCount === 1 ? "" : "s"}
            </Button>
          </>
        ) : null}
      </div>
    </Card>
  );
}
