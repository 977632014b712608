const dateTime = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });

/** "12 Mar, 14:32" in the reader's locale and time zone. */
export function formatDateTime(date: Date): string {
  return dateTime.format(date);
}
