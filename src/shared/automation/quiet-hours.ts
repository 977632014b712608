/**
 * Quiet hours: a daily window of local wall-clock time in an IANA time zone ("22:00"-"07:00"
 * Europe/Berlin). The local time comes from Intl (the runtime's time-zone database), never
 * from hand-written offsets, so daylight-saving changes are handled as the zone defines them.
 * A window whose start is after its end crosses midnight.
 */
export type QuietHoursWindow = { start: string; end: string; timeZone: string };

export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Whether the runtime knows this IANA zone (aliases such as "UTC" included). */
export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === "" || timeZone !== timeZone.trim()) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The zones to offer in a select: the runtime's list, with UTC first. */
export function timeZoneOptions(): string[] {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return ["UTC", ...zones.filter((z) => z !== "UTC")];
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Minutes since local midnight in `timeZone` at `at`. */
export function localMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(at);
  const value = (type: "hour" | "minute") => Number(parts.find((p) => p.type === type)?.value ?? "0");
  return value("hour") * 60 + value("minute");
}

/** True when `at` falls inside the window: start inclusive, end exclusive; a start after the end wraps past midnight. */
export function isWithinQuietHours(window: QuietHoursWindow, at: Date): boolean {
  const now = localMinutes(at, window.timeZone);
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  return start < end ? now >= start && now < end : now >= start || now < end;
}

export function describeQuietHours(window: QuietHoursWindow): string {
  return `${window.start}–${window.end} ${window.timeZone}`;
}
