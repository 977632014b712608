/** "leadline-contact-<id>-<yyyy-mm-dd>.json": ids and a date, never the person's name. */
export function exportFileName(contactId: string, exportedAt: Date | string): string {
  const day = new Date(exportedAt).toISOString().slice(0, 10);
  return `leadline-contact-${contactId.replace(/[^a-zA-Z0-9_-]/g, "")}-${day}.json`;
}

/** Hands the browser a JSON file to save. */
export function saveJson(fileName: string, value: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: "application/json" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
