/** A response time in seconds for people: "45 s", "3 min 20 s", "2 h 5 min", "3 d 4 h"; "—" when there is none. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return "—";
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const units: Array<[number, string]> = [[86_400, "d"], [3_600, "h"], [60, "min"], [1, "s"]];
  const first = units.findIndex(([size]) => s >= size);
  const [bigSize, bigLabel] = units[first]!;
  const [smallSize, smallLabel] = units[first + 1]!;
  const big = Math.floor(s / bigSize);
  const small = Math.floor((s % bigSize) / smallSize);
  return small === 0 ? `${big} ${bigLabel}` : `${big} ${bigLabel} ${small} ${smallLabel}`;
}
