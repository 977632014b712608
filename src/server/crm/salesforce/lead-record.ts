import type { CrmLeadRecord, FieldMapping, LeadlineField } from "../crm-connector";
import type { SalesforceSettings } from "./salesforce-settings";

/**
 * Leadline field -> Lead field by default. The custom fields (`__c`) are the ones the admin
 * creates (docs/crm/salesforce.md); `status`, `intent` and `tags` are left out: Lead Status
 * belongs to the sales team, and the other two have no standard home.
 */
export const SALESFORCE_DEFAULT_MAPPING: FieldMapping = {
  name: "LastName",
  email: "Email",
  phone: "Phone",
  reason: "Description",
  handle: "Leadline_Handle__c",
  platform: "Leadline_Platform__c",
  tier: "Leadline_Tier__c",
  score: "Leadline_Score__c",
  inboxUrl: "Leadline_Inbox_Url__c",
};

export type LeadSObject = Record<string, unknown> & { attributes: { type: "Lead" } };

/**
 * One Lead for `PATCH /composite/sobjects/Lead/<externalIdField>`. Values Leadline does not
 * know (null) are left out rather than sent as null, so a sync never blanks what a salesperson
 * typed in. LastName and Company are required on insert; they (and LeadSource) are filled with
 * defaults only when Leadline believes it is creating the Lead (`withDefaults`): on an update
 * they would overwrite the sales team's corrections.
 */
export function toLeadSObject(record: CrmLeadRecord, mapping: FieldMapping, settings: SalesforceSettings, withDefaults: boolean): LeadSObject {
  const lead: LeadSObject = { attributes: { type: "Lead" }, [settings.externalIdField]: record.externalKey };
  for (const [field, target] of Object.entries(mapping) as Array<[LeadlineField, string | undefined]>) {
    if (!target || target === settings.externalIdField) continue;
    if (field === "name" && target === "LastName") {
      Object.assign(lead, splitName(record.values.name));
      continue;
    }
    const value = valueOf(record, field);
    if (value !== null) lead[target] = value;
  }
  if (withDefaults) {
    lead.LastName ??= clip(record.values.name?.trim() || handleOf(record) || "Unknown", 80);
    lead.Company ??= settings.defaultCompany;
    if (settings.leadSource) lead.LeadSource ??= settings.leadSource;
  }
  return lead;
}

function valueOf(record: CrmLeadRecord, field: LeadlineField): string | number | null {
  const v = record.values;
  switch (field) {
    case "score":
      return v.score;
    case "tags":
      // A multi-select picklist takes "a;b"; a text field reads the same.
      return v.tags.length > 0 ? v.tags.join(";") : null;
    case "name":
      return v.name?.trim() || null;
    case "handle":
      return handleOf(record);
    default: {
      const value = v[field];
      return typeof value === "string" && value !== "" ? value : null;
    }
  }
}

/** "Ana Maria Lopez" -> FirstName "Ana Maria", LastName "Lopez" (Lead limits: 40 and 80 characters). */
function splitName(name: string | null): { FirstName?: string; LastName?: string } {
  const words = name?.trim().split(/\s+/).filter(Boolean) ?? [];
  if (words.length === 0) return {};
  if (words.length === 1) return { LastName: clip(words[0] ?? "", 80) };
  return { FirstName: clip(words.slice(0, -1).join(" "), 40), LastName: clip(words.at(-1) ?? "", 80) };
}

function handleOf(record: CrmLeadRecord): string | null {
  const handle = record.values.handle?.trim();
  return handle ? (handle.startsWith("@") ? handle : `@${handle}`) : null;
}

const clip = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);
