/** Snooze choices, in the member's local time: later today, tomorrow morning, next Monday morning. */
export type SnoozePreset = { id: "later" | "tomorrow" | "next-week"; label: string; until: Date };

const MORNING_HOUR = 9;

export function snoozePresets(now: Date): SnoozePreset[] {
  const later = new Date(now.getTime() + 3 * 3_600_000);
  const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, MORNING_HOUR);
  // The next Monday strictly after today (a week on when today is Monday).
  const daysToMonday = ((8 - now.getDay()) % 7) || 7;
  const nextWeek = new Date(now.getFullYear(), now.getMonth(), now.getDate() + daysToMonday, MORNING_HOUR);
  return [
    { id: "later", label: "For 3 hours", until: later },
    { id: "tomorrow", label: "Until tomorrow, 9:00", until: tomorrow },
    { id: "next-week", label: "Until Monday, 9:00", until: nextWeek },
  ];
}
