/**
 * A lead as an API v2 person body: the mapped values (name / email / phone are Pipedrive's
 * built-in fields, anything else a custom field key) plus Leadline's key field. Values Leadline
 * does not have (null) are left out, so a sync never wipes what a salesperson typed in Pipedrive.
 */
import type { CrmLeadRecord, FieldMapping, LeadlineField } from "../crm-connector";
import type { FieldInfo } from "./pipedrive-fields";

const NUMERIC_TYPES = new Set(["double", "monetary"]);

function valueOf(record: CrmLeadRecord, field: LeadlineField): string | number | null {
  const value = record.values[field];
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.length > 0 ? value.join(", ") : null;
  return value;
}

/** The name a new person gets when the lead has none mapped: Pipedrive requires one. */
export function fallbackName(record: CrmLeadRecord): string {
  return record.values.name ?? record.values.handle ?? `Leadline lead ${record.externalKey.slice(0, 8)}`;
}

export function personBody(record: CrmLeadRecord, mapping: FieldMapping, info: FieldInfo, creating: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const custom: Record<string, unknown> = { [info.keyFieldKey]: record.externalKey };
  for (const [field, target] of Object.entries(mapping) as Array<[LeadlineField, string | undefined]>) {
    if (!target) continue;
    const value = valueOf(record, field);
    if (value === null) continue;
    if (target === "name") body.name = String(value);
    else if (target === "email") body.emails = [{ value: String(value), primary: true, label: "work" }];
    else if (target === "phone") body.phones = [{ value: String(value), primary: true, label: "work" }];
    else if (NUMERIC_TYPES.has(info.types.get(target) ?? "")) {
      const n = Number(value);
      if (Number.isFinite(n)) custom[target] = n;
    } else custom[target] = String(value);
  }
  if (creating && body.name === undefined) body.name = fallbackName(record);
  body.custom_fields = custom;
  return body;
}

export function leadTitle(record: CrmLeadRecord): string {
  return `${fallbackName(record)} (${record.values.platform})`.slice(0, 255);
}
