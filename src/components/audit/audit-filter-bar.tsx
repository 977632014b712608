"use client";

import { useQuery } from "@tanstack/react-query";
import { buttonClasses } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/form-fields";
import { useTRPC } from "@/lib/trpc/client";
import { describeAuditAction } from "@/shared/audit/audit-action-names";
import { auditExportHref, describeRangeError, EMPTY_AUDIT_FILTERS, toAuditFilters, type AuditFilterForm } from "./audit-filters";

/** Action, actor and date range filters, and the CSV download of what they show. */
export function AuditFilterBar({ form, onChange, members }: {
  form: AuditFilterForm; onChange: (form: AuditFilterForm) => void; members: ReadonlyArray<{ userId: string; label: string }>;
}) {
  const trpc = useTRPC();
  const actions = useQuery(trpc.audit.actions.queryOptions());
  const rangeError = describeRangeError(form);
  const set = (patch: Partial<AuditFilterForm>) => onChange({ ...form, ...patch });
  const options = [...new Set([...(actions.data ?? []), ...(form.action ? [form.action] : [])])]
    .map((code) => ({ code, name: describeAuditAction(code) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const filtered = form !== EMPTY_AUDIT_FILTERS && Object.values(form).some(Boolean);

  return (
    <form role="search" aria-label="Filter the audit log" className="mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-5 lg:items-end" onSubmit={(e) => e.preventDefault()}>
      <SelectField label="Action" name="action" value={form.action} onChange={(e) => set({ action: e.target.value })}>
        <option value="">All actions</option>
        {options.map((o) => <option key={o.code} value={o.code}>{o.name}</option>)}
      </SelectField>
      <SelectField label="Who" name="actor" value={form.actor} onChange={(e) => set({ actor: e.target.value })}>
        <option value="">Everyone</option>
        {members.map((m) => <option key={m.userId} value={`user:${m.userId}`}>{m.label}</option>)}
        <option value="SYSTEM">Leadline (system)</option>
        <option value="AI">AI agent</option>
      </SelectField>
      <TextField label="From" name="fromDay" type="date" value={form.fromDay} onChange={(e) => set({ fromDay: e.target.value })} />
      <TextField label="To" name="toDay" type="date" value={form.toDay} onChange={(e) => set({ toDay: e.target.value })} error={rangeError ?? undefined} />
      <div className="flex gap-2">
        {/* A plain link: the browser streams the download. */}
        <a href={auditExportHref(toAuditFilters(form))} className={buttonClasses("secondary", "md")} download>Export CSV</a>
        {filtered ? <button type="button" className={buttonClasses("ghost", "md")} onClick={() => onChange(EMPTY_AUDIT_FILTERS)}>Clear</button> : null}
      </div>
    </form>
  );
}
