/**
 * Leadline's side of a field mapping, in the order the editor shows them. The server's list is
 * LEADLINE_FIELDS in src/server/crm/crm-connector.ts (server-only); a test keeps the two equal.
 */
export const LEADLINE_FIELD_LABELS = {
  name: "Name",
  email: "Email",
  phone: "Phone",
  handle: "Social handle",
  platform: "Platform",
  tier: "Tier (hot / warm / cold)",
  score: "Score",
  reason: "Why this score",
  tags: "Tags",
  status: "Status (new / qualified / won / lost)",
  intent: "Last intent",
  inboxUrl: "Link to the conversation",
} as const;

export type LeadlineFieldName = keyof typeof LEADLINE_FIELD_LABELS;
export const LEADLINE_FIELD_NAMES = Object.keys(LEADLINE_FIELD_LABELS) as LeadlineFieldName[];

export type MappingDraft = Record<LeadlineFieldName, string>;

export function toMappingDraft(mapping: Partial<Record<string, string>>): MappingDraft {
  return Object.fromEntries(LEADLINE_FIELD_NAMES.map((f) => [f, mapping[f] ?? ""])) as MappingDraft;
}

/** What to save: fields left on "not sent" are left out. */
export function fromMappingDraft(draft: MappingDraft): Partial<Record<LeadlineFieldName, string>> {
  return Object.fromEntries(LEADLINE_FIELD_NAMES.filter((f) => draft[f] !== "").map((f) => [f, draft[f]]));
}

/** The CRM properties two or more fields fill (the server refuses that too; the editor says so first). */
export function doubledProperties(draft: MappingDraft): Set<string> {
  const seen = new Map<string, number>();
  for (const f of LEADLINE_FIELD_NAMES) if (draft[f] !== "") seen.set(draft[f].toLowerCase(), (seen.get(draft[f].toLowerCase()) ?? 0) + 1);
  return new Set([...seen].filter(([, n]) => n > 1).map(([p]) => p));
}
