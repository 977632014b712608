import { z } from "zod";
import { CrmConfigError, type CrmField, type FieldMapping } from "../crm-connector";
import { callSalesforce, type SalesforceSession } from "./salesforce-client";

const picklistValue = z.object({ value: z.string(), active: z.boolean().default(true) });
const describeField = z.object({
  name: z.string(),
  label: z.string().default(""),
  type: z.string(),
  nillable: z.boolean().default(true),
  createable: z.boolean().default(false),
  updateable: z.boolean().default(false),
  externalId: z.boolean().default(false),
  defaultedOnCreate: z.boolean().default(false),
  restrictedPicklist: z.boolean().default(false),
  picklistValues: z.array(picklistValue).default([]),
});
const describeAnswer = z.object({ name: z.string(), fields: z.array(describeField) });
export type LeadDescribe = z.infer<typeof describeAnswer>;
type DescribeField = z.infer<typeof describeField>;

/** GET /sobjects/Lead/describe: the fields the connecting user can see (field-level security applies). */
export function describeLead(session: SalesforceSession): Promise<LeadDescribe> {
  return callSalesforce(session, { method: "GET", path: "/sobjects/Lead/describe", operation: "lead.describe", schema: describeAnswer });
}

/** Fields a mapping may point at: those the connecting user can both create and update. */
export function mappableFields(describe: LeadDescribe): CrmField[] {
  return describe.fields
    .filter((f) => f.createable && f.updateable)
    .map((f) => ({ name: f.name, label: f.label || f.name, type: f.type, required: !f.nillable && !f.defaultedOnCreate }));
}

/**
 * Leadline never creates fields in a customer's org: it checks that what the admin set up is
 * there (docs/crm/salesforce.md, "Fields the admin creates") and names everything missing at once.
 */
export function checkLeadSetup(describe: LeadDescribe, input: { externalIdField: string; mapping: FieldMapping; leadSource: string; lostStatuses: string[] }): void {
  const byName = new Map(describe.fields.map((f) => [f.name.toLowerCase(), f]));
  const problems: string[] = [];
  const ext = byName.get(input.externalIdField.toLowerCase());
  if (!ext) problems.push(`the external-id field ${input.externalIdField} does not exist on Lead (or the connecting user cannot see it)`);
  else if (!ext.externalId) problems.push(`${input.externalIdField} exists but is not marked "External ID"`);
  else if (!writable(ext)) problems.push(`${input.externalIdField} is read-only for the connecting user`);

  const missing: string[] = [];
  const readOnly: string[] = [];
  for (const target of new Set(Object.values(input.mapping).filter((v): v is string => Boolean(v)))) {
    const field = byName.get(target.toLowerCase());
    if (!field) missing.push(target);
    else if (!writable(field)) readOnly.push(target);
  }
  if (missing.length > 0) problems.push(`mapped field${missing.length > 1 ? "s" : ""} missing on Lead: ${missing.join(", ")}`);
  if (readOnly.length > 0) problems.push(`mapped field${readOnly.length > 1 ? "s" : ""} read-only for the connecting user: ${readOnly.join(", ")}`);

  const source = byName.get("leadsource");
  if (input.leadSource && source?.restrictedPicklist && !hasValue(source, input.leadSource, true)) {
    problems.push(`LeadSource is a restricted picklist without the value "${input.leadSource}"`);
  }
  const status = byName.get("status");
  const unknownStatuses = status && status.picklistValues.length > 0 ? input.lostStatuses.filter((s) => !hasValue(status, s, false)) : [];
  if (unknownStatuses.length > 0) problems.push(`lost status${unknownStatuses.length > 1 ? "es" : ""} not in the Lead Status picklist: ${unknownStatuses.join(", ")}`);

  if (problems.length > 0) throw new CrmConfigError(`Salesforce set-up: ${problems.join("; ")}.`);
}

const writable = (f: DescribeField) => f.createable && f.updateable;
const hasValue = (f: DescribeField, value: string, activeOnly: boolean) => f.picklistValues.some((p) => p.value === value && (!activeOnly || p.active));
