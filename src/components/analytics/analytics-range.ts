/** The date filter of the analytics page: a preset number of days ending today, or two calendar dates. */
export type RangeChoice = { preset: 7 | 30 | 90 } | { preset: "custom"; start: string; end: string };

export const PRESETS = [7, 30, 90] as const;
/** Matches the server's limit (src/server/analytics/analytics-input.ts). */
export const MAX_RANGE_DAYS = 366;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Local midnight of a "YYYY-MM-DD" date, or null when it is not a real calendar date. */
function localMidnight(value: string): Date | null {
  const match = DATE.exec(value);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(y, m - 1, d);
  return date.getFullYear() === y && date.getMonth() === m - 1 && date.getDate() === d ? date : null;
}

const addDays = (date: Date, days: number) => new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);

/** "YYYY-MM-DD" of a date in local time (what an `<input type="date">` holds). */
export function toDateInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export type ResolvedRange = { ok: true; from: Date; to: Date } | { ok: false; error: string };

/**
 * The instants [from, to) a choice stands for, in the browser's zone: whole local days, the
 * last N ending with today for a preset, start to end inclusive for custom dates.
 */
export function resolveRange(choice: RangeChoice, today: Date): ResolvedRange {
  const tomorrow = addDays(today, 1);
  if (choice.preset !== "custom") return { ok: true, from: addDays(today, 1 - choice.preset), to: tomorrow };
  const start = localMidnight(choice.start);
  const end = localMidnight(choice.end);
  if (!start || !end) return { ok: false, error: "Enter both dates." };
  if (end < start) return { ok: false, error: "The end date must be on or after the start date." };
  if (end > today) return { ok: false, error: "The end date cannot be in the future." };
  const to = addDays(end, 1);
  if (Math.round((to.getTime() - start.getTime()) / 86_400_000) > MAX_RANGE_DAYS) return { ok: false, error: `Choose at most ${MAX_RANGE_DAYS} days.` };
  return { ok: true, from: start, to };
}
