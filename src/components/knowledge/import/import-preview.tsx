"use client";

import type { RouterOutputs } from "@/components/trpc/router-types";
import { Notice } from "@/components/ui/notice";

export type Preview = RouterOutputs["knowledge"]["importPreview"];
export type DuplicateChoice = "skip" | "replace";

/** What the file would add: the count, the first titles, the duplicates choice and the problems by line. */
export function ImportPreview({ preview, duplicates, onDuplicates }: { preview: Preview; duplicates: DuplicateChoice; onDuplicates: (choice: DuplicateChoice) => void }) {
  const more = preview.articleCount - preview.titles.length;
  return (
    <div className="space-y-4 text-sm" aria-live="polite">
      <div>
        <p className="font-medium text-slate-900">
          {preview.articleCount} article{preview.articleCount === 1 ? "" : "s"} found
          {preview.problemCount > 0 ? `, ${preview.problemCount} problem${preview.problemCount === 1 ? "" : "s"}` : ""}
        </p>
        {preview.titles.length > 0 ? (
          <ul className="mt-1 list-disc pl-5 text-slate-700" aria-label="Articles in the file">
            {preview.titles.map((title) => <li key={title}>{title}</li>)}
            {more > 0 ? <li className="list-none text-slate-500">and {more} more</li> : null}
          </ul>
        ) : null}
      </div>
      {preview.problemCount > 0 ? (
        <Notice tone="error" title="Fix these in the file, then choose it again">
          <ul className="list-disc pl-5">
            {preview.problems.map((p) => <li key={`${p.line}-${p.message}`}>{p.message}</li>)}
          </ul>
          {preview.problemCount > preview.problems.length ? <p className="mt-1">…and {preview.problemCount - preview.problems.length} more.</p> : null}
        </Notice>
      ) : null}
      {preview.notes.length > 0 ? (
        <ul className="list-disc pl-5 text-slate-600" aria-label="Notes">
          {preview.notes.map((note) => <li key={note}>{note}</li>)}
        </ul>
      ) : null}
      {preview.duplicateCount > 0 ? (
        <fieldset className="space-y-2">
          <legend className="font-medium text-slate-900">
            {preview.duplicateCount} title{preview.duplicateCount === 1 ? " is" : "s are"} already in your knowledge base ({preview.duplicateTitles.join(", ")}
            {preview.duplicateCount > preview.duplicateTitles.length ? ", …" : ""})
          </legend>
          {(["skip", "replace"] as const).map((choice) => (
            <label key={choice} className="flex items-center gap-2 text-slate-700">
              <input type="radio" name="duplicates" value={choice} checked={duplicates === choice} onChange={() => onDuplicates(choice)} />
              {choice === "skip" ? "Keep the existing articles (skip these)" : "Replace their title and text with the file's"}
            </label>
          ))}
        </fieldset>
      ) : null}
    </div>
  );
}
