"use client";

import type { SavedReplyOption } from "./match-saved-replies";

/** The saved replies matching "/" + what is typed, under the reply box; the highlighted one is what Enter picks. */
export function ShortcutSuggestions({ query, matches, activeIndex, loading, onPick }: {
  query: string; matches: readonly SavedReplyOption[]; activeIndex: number; loading: boolean; onPick: (reply: SavedReplyOption) => void;
}) {
  if (loading) return <p className="text-xs text-slate-500">Loading saved replies…</p>;
  if (matches.length === 0) return <p className="text-xs text-slate-500">No saved reply matches /{query}.</p>;
  return (
    <div className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <p className="border-b border-slate-100 px-3 py-1.5 text-xs text-slate-500">Saved replies: Enter or Tab inserts, arrows choose, Esc closes</p>
      <ul role="listbox" aria-label={`Saved replies matching /${query}`}>
        {matches.map((reply, i) => (
          // Chosen with the keys of the reply box (Enter, Tab, arrows) or a click; the box keeps the focus.
          <li
            key={reply.id}
            role="option"
            aria-selected={i === activeIndex}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => onPick(reply)}
            className={`flex cursor-pointer items-baseline gap-2 px-3 py-1.5 text-sm ${i === activeIndex ? "bg-brand-50" : "hover:bg-slate-50"}`}
          >
            {reply.shortcut ? <span className="font-mono text-xs text-brand-700">/{reply.shortcut}</span> : null}
            <span className="font-medium text-slate-900">{reply.title}</span>
            <span className="min-w-0 flex-1 truncate text-xs text-slate-600">{reply.body}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
