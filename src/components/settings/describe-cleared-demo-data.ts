import type { RouterOutputs } from "@/components/trpc/router-types";

export type ClearedDemoData = RouterOutputs["demo"]["clear"];

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

/** The outcome of a clear in one sentence, e.g. "Deleted 2 conversations, 5 messages and 2 leads." */
export function describeClearedDemoData(cleared: ClearedDemoData): string {
  const parts = [
    cleared.conversations > 0 ? plural(cleared.conversations, "conversation", "conversations") : null,
    cleared.messages > 0 ? plural(cleared.messages, "message", "messages") : null,
    cleared.replies > 0 ? plural(cleared.replies, "reply", "replies") : null,
    cleared.leads > 0 ? plural(cleared.leads, "lead", "leads") : null,
  ].filter((p): p is string => p !== null);
  if (parts.length === 0) return cleared.contacts > 0 ? `Deleted ${plural(cleared.contacts, "demo contact", "demo contacts")}.` : "There was no demo data to delete.";
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
  return `Deleted ${list}.`;
}
