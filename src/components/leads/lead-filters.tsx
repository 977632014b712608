"use client";

import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { INTENT_LABELS } from "@/components/ui/intent-badge";
import { inputClasses } from "@/components/ui/form-fields";
import { useTRPC } from "@/lib/trpc/client";
import { CRM_STATES, LEAD_SORT_LABELS, type LeadFilterState, type LeadSort } from "./lead-filters-url";
import { LEAD_STATUS_LABELS, LEAD_STATUSES } from "./lead-status";
import { TIER_LABELS, TIERS } from "../ui/tier-badge";

const CRM_LABELS: Record<(typeof CRM_STATES)[number], string> = { SYNCED: "Synced", PENDING: "Pending", FAILED: "Failed", DEAD: "Gave up", NONE: "Not sent" };

function Select({ label, value, onChange, children }: { label: string; value: string | undefined; onChange: (value: string | undefined) => void; children: React.ReactNode }) {
  const id = useId();
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-slate-600">{label}</label>
      <select id={id} value={value ?? ""} onChange={(e) => onChange(e.target.value || undefined)} className={`${inputClasses} w-full min-w-0 py-1.5`}>
        {children}
      </select>
    </div>
  );
}

/** Tier, status, intent, channel, owner, CRM state and the order; every change goes to the URL. */
export function LeadFilters({ filters, onChange }: { filters: LeadFilterState; onChange: (change: Partial<LeadFilterState>) => void }) {
  const trpc = useTRPC();
  const channels = useQuery(trpc.channels.list.queryOptions());
  const members = useQuery(trpc.members.list.queryOptions());
  const active = ["tier", "status", "intent", "channelId", "owner", "crm"].some((k) => filters[k as keyof LeadFilterState] !== undefined);

  return (
    <form role="search" aria-label="Filter and sort leads" className="grid grid-cols-2 gap-3 sm:grid-cols-4 2xl:grid-cols-8" onSubmit={(e) => e.preventDefault()}>
      <Select label="Tier" value={filters.tier} onChange={(v) => onChange({ tier: v as LeadFilterState["tier"] })}>
        <option value="">All tiers</option>
        {TIERS.map((t) => <option key={t} value={t}>{TIER_LABELS[t]}</option>)}
      </Select>
      <Select label="Status" value={filters.status} onChange={(v) => onChange({ status: v as LeadFilterState["status"] })}>
        <option value="">All statuses</option>
        {LEAD_STATUSES.map((s) => <option key={s} value={s}>{LEAD_STATUS_LABELS[s]}</option>)}
      </Select>
      <Select label="Last intent" value={filters.intent} onChange={(v) => onChange({ intent: v as LeadFilterState["intent"] })}>
        <option value="">All intents</option>
        {(Object.keys(INTENT_LABELS) as Array<keyof typeof INTENT_LABELS>).map((i) => <option key={i} value={i}>{INTENT_LABELS[i]}</option>)}
      </Select>
      <Select label="Channel" value={filters.channelId} onChange={(v) => onChange({ channelId: v })}>
        <option value="">All channels</option>
        {(channels.data ?? []).map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        {filters.channelId && !channels.data?.some((c) => c.id === filters.channelId) ? <option value={filters.channelId}>Other channel</option> : null}
      </Select>
      <Select label="Owner" value={filters.owner} onChange={(v) => onChange({ owner: v })}>
        <option value="">Anyone</option>
        <option value="me">Me</option>
        <option value="none">Unassigned</option>
        {(members.data ?? []).filter((m) => m.role !== "VIEWER").map((m) => <option key={m.userId} value={m.userId}>{m.name ?? m.email}</option>)}
      </Select>
      <Select label="CRM sync" value={filters.crm} onChange={(v) => onChange({ crm: v as LeadFilterState["crm"] })}>
        <option value="">Any state</option>
        {CRM_STATES.map((s) => <option key={s} value={s}>{CRM_LABELS[s]}</option>)}
      </Select>
      <Select label="Sort by" value={filters.sort} onChange={(v) => onChange({ sort: (v ?? "score") as LeadSort })}>
        {(Object.keys(LEAD_SORT_LABELS) as LeadSort[]).map((s) => <option key={s} value={s}>{LEAD_SORT_LABELS[s]}</option>)}
      </Select>
      <div className="flex items-end gap-2">
        <button
          type="button"
          onClick={() => onChange({ dir: filters.dir === "desc" ? "asc" : "desc" })}
          className="flex-1 whitespace-nowrap rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-500"
          title={`Now ${filters.dir === "desc" ? "highest or newest first" : "lowest or oldest first"}: click to reverse`}
        >
          <span aria-hidden="true">{filters.dir === "desc" ? "↓ " : "↑ "}</span>
          {filters.dir === "desc" ? "Descending" : "Ascending"}
        </button>
        {active ? (
          <button type="button" onClick={() => onChange({ tier: undefined, status: undefined, intent: undefined, channelId: undefined, owner: undefined, crm: undefined })} className="rounded-lg px-2 py-1.5 text-sm font-medium text-brand-700 hover:underline">
            Clear
          </button>
        ) : null}
      </div>
    </form>
  );
}
