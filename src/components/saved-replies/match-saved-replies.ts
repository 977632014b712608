/** What the composer needs of a saved reply. */
export type SavedReplyOption = { id: string; title: string; body: string; shortcut: string | null };

/**
 * The shortcut being typed, when the whole composer is "/" + a word ("/pri" -> "pri", "/" -> "");
 * null otherwise (a "/" inside a sentence is just text).
 */
export function typedShortcut(text: string): string | null {
  const match = /^\/([a-z0-9_-]{0,32})$/i.exec(text);
  return match ? match[1]!.toLowerCase() : null;
}

/**
 * Saved replies matching a query, best first: exact shortcut, shortcut prefix, then title, then
 * text containing it (case-insensitive). An empty query lists them all, by title.
 */
export function matchSavedReplies<R extends SavedReplyOption>(replies: readonly R[], query: string): R[] {
  const q = query.trim().replace(/^\//, "").toLowerCase();
  if (q === "") return [...replies];
  const rank = (r: R): number => {
    if (r.shortcut === q) return 0;
    if (r.shortcut?.startsWith(q)) return 1;
    if (r.title.toLowerCase().includes(q)) return 2;
    if (r.body.toLowerCase().includes(q)) return 3;
    return -1;
  };
  return replies
    .map((r, i) => ({ r, i, score: rank(r) }))
    .filter((x) => x.score >= 0)
    .sort((a, b) => a.score - b.score || a.i - b.i)
    .map((x) => x.r);
}

/** The composer's text once a saved reply is picked: it replaces a typed "/shortcut" or an empty box, else goes below what is there. */
export function insertSavedReply(current: string, filled: string): string {
  if (current.trim() === "" || typedShortcut(current) !== null) return filled;
  return `${current.replace(/\s+$/, "")}\n\n${filled}`;
}
