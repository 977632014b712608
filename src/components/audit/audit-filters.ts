/** The audit log page's filter form: YYYY-MM-DD days as typed, read in the browser's time zone. */
export type AuditFilterForm = { action: string; actor: string; fromDay: string; toDay: string };

export const EMPTY_AUDIT_FILTERS: AuditFilterForm = { action: "", actor: "", fromDay: "", toDay: "" };

export type AuditFilterInput = { action?: string; actor?: string; from?: Date; to?: Date };

/** Local midnight at the start of `day`, `plusDays` later; undefined for an empty or malformed day. */
function localMidnight(day: string, plusDays = 0): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return undefined;
  const date = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The API's filters: `from` the start of the first day, `to` the start of the day after the last (both days included). */
export function toAuditFilters(form: AuditFilterForm): AuditFilterInput {
  const from = localMidnight(form.fromDay);
  const to = localMidnight(form.toDay, 1);
  return {
    ...(form.action ? { action: form.action } : {}),
    ...(form.actor ? { actor: form.actor } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}

/** A range whose last day is before its first: said in the form, not sent. */
export function describeRangeError(form: AuditFilterForm): string | null {
  const from = localMidnight(form.fromDay);
  const to = localMidnight(form.toDay, 1);
  return from && to && from >= to ? "The “to” day is before the “from” day." : null;
}

/** The CSV export's address for the same filters. */
export function auditExportHref(filters: AuditFilterInput): string {
  const params = new URLSearchParams();
  if (filters.action) params.set("action", filters.action);
  if (filters.actor) params.set("actor", filters.actor);
  if (filters.from) params.set("from", filters.from.toISOString());
  if (filters.to) params.set("to", filters.to.toISOString());
  const query = params.toString();
  return `/api/audit/export${query ? `?${query}` : ""}`;
}
