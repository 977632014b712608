"use client";

import Link from "next/link";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { inputClasses } from "@/components/ui/form-fields";
import { matchSavedReplies, type SavedReplyOption } from "./match-saved-replies";

export const SAVED_REPLIES_PAGE = "/settings/saved-replies";

/** "Saved replies" next to Send: a searchable list; picking one fills the reply box. */
export function SavedReplyMenu({ replies, loading, failed, onPick }: { replies: readonly SavedReplyOption[] | undefined; loading: boolean; failed: boolean; onPick: (reply: SavedReplyOption) => void }) {
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState("");
  const panelId = useId();
  const matches = matchSavedReplies(replies ?? [], search);

  return (
    <div className="relative">
      <Button variant="secondary" size="sm" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)}>Saved replies</Button>
      {open ? (
        <div id={panelId} className="absolute bottom-full left-0 z-20 mb-2 w-80 max-w-[calc(100vw-3rem)] rounded-lg border border-slate-200 bg-white p-3 shadow-lg">
          <label className="block text-xs font-medium text-slate-700">
            Search saved replies
            <input
              type="search"
              autoFocus
              className={`${inputClasses} mt-1`}
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Escape") setOpen(false);
                if (e.key === "Enter" && matches[0]) {
                  e.preventDefault();
                  onPick(matches[0]);
                  setOpen(false);
                }
              }}
            />
          </label>
          {loading ? <p className="mt-2 text-xs text-slate-500">Loading…</p> : failed ? <p role="alert" className="mt-2 text-xs text-red-700">We couldn&apos;t load the saved replies.</p> : null}
          {!loading && !failed && (replies?.length ?? 0) === 0 ? (
            <p className="mt-2 text-xs text-slate-500">
              No saved replies yet. Admins add them in <Link href={SAVED_REPLIES_PAGE} className="font-medium text-brand-600 hover:underline">Settings → Saved replies</Link>.
            </p>
          ) : null}
          {!loading && (replies?.length ?? 0) > 0 && matches.length === 0 ? <p className="mt-2 text-xs text-slate-500">Nothing matches “{search}”.</p> : null}
          <ul className="mt-2 max-h-64 overflow-y-auto" aria-label="Saved replies">
            {matches.map((reply) => (
              <li key={reply.id}>
                <button
                  type="button"
                  onClick={() => {
                    onPick(reply);
                    setOpen(false);
                  }}
                  className="w-full rounded-md px-2 py-1.5 text-left hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-500"
                >
                  <span className="flex items-baseline gap-2">
                    <span className="text-sm font-medium text-slate-900">{reply.title}</span>
                    {reply.shortcut ? <span className="font-mono text-xs text-brand-700">/{reply.shortcut}</span> : null}
                  </span>
                  <span className="block truncate text-xs text-slate-500">{reply.body}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
