const short = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", timeZone: "UTC" });

/** "2026-06-01" -> "Jun 1" (a day) or "Wk of Jun 1" (a week). The bucket is already a local date: formatted as UTC so no zone shifts it. */
export function formatBucket(bucket: string, unit: "day" | "week"): string {
  const label = short.format(new Date(`${bucket}T00:00:00Z`));
  return unit === "week" ? `Wk of ${label}` : label;
}
