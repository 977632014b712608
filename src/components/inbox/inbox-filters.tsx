"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState, type ReactNode, type RefObject } from "react";
import { inputClasses } from "@/components/ui/form-fields";
import { INTENT_LABELS } from "@/components/ui/intent-badge";
import { TIER_LABELS, TIERS } from "@/components/ui/tier-badge";
import { useTRPC } from "@/lib/trpc/client";
import type { RouterInputs } from "@/components/trpc/router-types";

type ListInput = Exclude<RouterInputs["inbox"]["list"], void | undefined>;
export type InboxFilterState = {
  folder: "inbox" | "spam";
  status?: ListInput["status"];
  intent?: ListInput["intent"];
  tier?: ListInput["tier"];
  channelId?: string;
  assignee?: ListInput["assignee"];
  search?: string;
};

export const DEFAULT_FILTERS: InboxFilterState = { folder: "inbox", status: "open" };

const STATUS_LABELS = { open: "Open", snoozed: "Snoozed", closed: "Closed" } as const;
const ASSIGNEE_LABELS = { me: "Assigned to me", unassigned: "Unassigned", anyone: "Anyone" } as const;
const INTENTS = ["SALES", "SUPPORT", "OTHER"] as const;

/** A labelled select; the label is tied by id (not wrapped), so its name is the label alone. */
function Select({ label, value, onChange, children }: { label: string; value: string | undefined; onChange: (value: string | undefined) => void; children: ReactNode }) {
  const id = useId();
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-slate-600">{label}</label>
      <select id={id} value={value ?? ""} onChange={(e) => onChange(e.target.value || undefined)} className={`${inputClasses} py-1.5`}>
        {children}
      </select>
    </div>
  );
}

/** How many filters beyond the folder and the default "open" are set (shown on the Filters toggle). */
export function countActiveFilters(f: InboxFilterState): number {
  return [f.status !== "open", f.intent, f.tier, f.channelId, f.assignee && f.assignee !== "anyone"].filter(Boolean).length;
}

/**
 * Inbox and Spam folders, a search box (whole words of messages and names) and the filters:
 * status, intent, tier, channel, assignee. On small screens the filters fold away behind a toggle.
 */
export function InboxFilters({ filters, onChange, searchRef }: { filters: InboxFilterState; onChange: (next: InboxFilterState) => void; searchRef: RefObject<HTMLInputElement | null> }) {
  const trpc = useTRPC();
  const channels = useQuery(trpc.channels.list.queryOptions());
  const [open, setOpen] = useState(false);
  const [text, setText] = useState(filters.search ?? "");
  const set = (change: Partial<InboxFilterState>) => onChange({ ...filters, ...change });
  const active = countActiveFilters(filters);

  // Typing searches after a short pause; an emptied box clears the search at once.
  useEffect(() => {
    const trimmed = text.trim();
    if (trimmed === (filters.search ?? "")) return;
    const timer = setTimeout(() => onChange({ ...filters, search: trimmed || undefined }), trimmed ? 300 : 0);
    return () => clearTimeout(timer);
  }, [text, filters, onChange]);

  return (
    <div className="space-y-2">
      <div role="group" aria-label="Folder" className="inline-flex rounded-lg bg-slate-100 p-0.5">
        {(["inbox", "spam"] as const).map((folder) => (
          <button
            key={folder}
            type="button"
            aria-pressed={filters.folder === folder}
            onClick={() => set({ folder })}
            className={`rounded-md px-3 py-1 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-500 ${
              filters.folder === folder ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"
            }`}
          >
            {folder === "inbox" ? "Inbox" : "Spam"}
          </button>
        ))}
      </div>
      <form role="search" aria-label="Search and filter conversations" onSubmit={(e) => e.preventDefault()} className="space-y-2">
        <div className="flex gap-2">
          <label className="min-w-0 flex-1">
            <span className="sr-only">Search conversations (whole words)</span>
            <input
              ref={searchRef}
              type="search"
              value={text}
              maxLength={200}
              onChange={(e) => setText(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Escape") e.currentTarget.blur();
              }}
              placeholder="Search names and messages  /"
              className={`${inputClasses} py-1.5`}
            />
          </label>
          <button
            type="button"
            aria-expanded={open}
            aria-controls="inbox-filter-fields"
            onClick={() => setOpen((v) => !v)}
            className="shrink-0 rounded-lg border border-slate-300 bg-white px-3 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-500 lg:hidden"
          >
            Filters{active > 0 ? ` (${active})` : ""}
          </button>
        </div>
        <div id="inbox-filter-fields" className={`${open ? "grid" : "hidden"} grid-cols-2 gap-2 lg:grid`}>
          <Select label="Status" value={filters.status} onChange={(v) => set({ status: v as InboxFilterState["status"] })}>
            <option value="">Any status</option>
            {(Object.keys(STATUS_LABELS) as Array<keyof typeof STATUS_LABELS>).map((s) => <option key={s} value={s}>{STATUS_LABELS[s]}</option>)}
          </Select>
          <Select label="Assignee" value={filters.assignee} onChange={(v) => set({ assignee: v as InboxFilterState["assignee"] })}>
            <option value="">Anyone</option>
            {(["me", "unassigned"] as const).map((a) => <option key={a} value={a}>{ASSIGNEE_LABELS[a]}</option>)}
          </Select>
          <Select label="Intent" value={filters.intent} onChange={(v) => set({ intent: v as InboxFilterState["intent"] })}>
            <option value="">Any intent</option>
            {INTENTS.map((i) => <option key={i} value={i}>{INTENT_LABELS[i]}</option>)}
          </Select>
          <Select label="Tier" value={filters.tier} onChange={(v) => set({ tier: v as InboxFilterState["tier"] })}>
            <option value="">Any tier</option>
            {TIERS.map((t) => <option key={t} value={t}>{TIER_LABELS[t]}</option>)}
          </Select>
          <div className="col-span-2">
            <Select label="Channel" value={filters.channelId} onChange={(v) => set({ channelId: v })}>
              <option value="">All channels</option>
              {(channels.data ?? []).map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </Select>
          </div>
        </div>
      </form>
    </div>
  );
}
