import { z } from "zod";
import { LEADLINE_FIELDS, type FieldMapping } from "../crm-connector";

/** A CRM property name as an admin picks it: HubSpot, Salesforce (`Foo__c`) and Pipedrive (40-char hashes) all fit. */
const propertyName = z.string().trim().min(1, "Pick a CRM property").max(200);

/**
 * A mapping sent by the page: keys must be Leadline fields (an unknown one is refused by
 * name), values CRM property names, and no property filled by two fields.
 */
export const fieldMappingInput = z
  .record(z.string(), propertyName)
  .superRefine((mapping, ctx) => {
    for (const key of Object.keys(mapping)) {
      if (!(LEADLINE_FIELDS as readonly string[]).includes(key)) ctx.addIssue({ code: "custom", message: `"${key.slice(0, 40)}" is not a Leadline field`, path: [key] });
    }
    const seen = new Map<string, string>();
    for (const [field, property] of Object.entries(mapping)) {
      const other = seen.get(property.toLowerCase());
      if (other) ctx.addIssue({ code: "custom", message: `${other} and ${field} both fill "${property}"`, path: [field] });
      seen.set(property.toLowerCase(), field);
    }
  })
  .transform((mapping) => mapping as FieldMapping);

const storedMapping = z.record(z.string(), z.unknown());

/** The stored JSON, read leniently: unknown keys and non-string values are dropped, never thrown on. */
export function parseMapping(value: unknown): FieldMapping {
  const parsed = storedMapping.safeParse(value);
  if (!parsed.success) return {};
  const out: FieldMapping = {};
  for (const field of LEADLINE_FIELDS) {
    const property = parsed.data[field];
    if (typeof property === "string" && property.length > 0) out[field] = property;
  }
  return out;
}
