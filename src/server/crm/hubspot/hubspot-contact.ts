/** A Leadline lead -> HubSpot contact properties, through the connection's field mapping. */
import type { CrmLeadRecord, FieldMapping, LeadlineField } from "../crm-connector";
import { ID_PROPERTY } from "./hubspot-properties";

export const DEFAULT_MAPPING: FieldMapping = {
  name: "firstname",
  email: "email",
  phone: "phone",
  handle: "leadline_handle",
  platform: "leadline_platform",
  tier: "leadline_tier",
  score: "leadline_score",
  reason: "leadline_reason",
  tags: "leadline_tags",
  status: "leadline_status",
  intent: "leadline_intent",
  inboxUrl: "leadline_inbox_url",
};

/** HubSpot's text properties hold 65,536 characters. */
const MAX_VALUE = 65_536;

/** "Ana María Ruiz" -> ["Ana", "María Ruiz"]: HubSpot has no full-name property. */
export function splitName(name: string): [string, string] {
  const parts = name.trim().split(/\s+/);
  return [parts[0] ?? "", parts.slice(1).join(" ")];
}

function valueOf(record: CrmLeadRecord, field: LeadlineField): string | null {
  const v = record.values[field];
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.length > 0 ? v.join(";") : null;
  return String(v);
}

/**
 * The properties to write. A field with no value is left out (a CRM user's edit is never blanked
 * by an empty Leadline field); `name` mapped to `firstname` fills firstname and lastname.
 */
export function toContactProperties(record: CrmLeadRecord, mapping: FieldMapping): Record<string, string> {
  const properties: Record<string, string> = { [ID_PROPERTY]: record.externalKey };
  for (const [field, target] of Object.entries(mapping) as Array<[LeadlineField, string | undefined]>) {
    if (!target || target === ID_PROPERTY) continue;
    const value = valueOf(record, field);
    if (value === null || value === "") continue;
    if (field === "name" && target === "firstname") {
      const [first, last] = splitName(value);
      properties.firstname = first;
      if (last) properties.lastname = last;
      continue;
    }
    properties[target] = value.slice(0, MAX_VALUE);
  }
  return properties;
}
