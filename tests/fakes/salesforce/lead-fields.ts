/**
 * The Lead describe the fake serves: the standard fields Leadline touches plus the custom ones
 * an admin creates (docs/crm/salesforce.md). Shape as `GET /sobjects/Lead/describe` answers it,
 * trimmed to the keys Leadline reads.
 */
export type FakeField = {
  name: string;
  label: string;
  type: string;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  externalId: boolean;
  unique: boolean;
  defaultedOnCreate: boolean;
  restrictedPicklist: boolean;
  picklistValues: Array<{ value: string; label: string; active: boolean; defaultValue: boolean }>;
  length: number;
};

const field = (name: string, label: string, type: string, o: Partial<FakeField> = {}): FakeField => ({
  name, label, type, nillable: true, createable: true, updateable: true, externalId: false, unique: false, defaultedOnCreate: false, restrictedPicklist: false, picklistValues: [], length: type === "string" ? 255 : 0, ...o,
});
const picklist = (values: string[], defaultValue?: string) => values.map((value) => ({ value, label: value, active: true, defaultValue: value === defaultValue }));

export const LEAD_STATUSES = ["Open - Not Contacted", "Working - Contacted", "Closed - Converted", "Closed - Not Converted"];

export function leadFields(o: { externalIdField: string; externalIdMarked: boolean; omit: string[]; leadSources: string[]; restrictedLeadSource: boolean }): FakeField[] {
  const fields = [
    field("Id", "Lead ID", "id", { nillable: false, createable: false, updateable: false, defaultedOnCreate: true }),
    field("FirstName", "First Name", "string", { length: 40 }),
    field("LastName", "Last Name", "string", { nillable: false, length: 80 }),
    field("Company", "Company", "string", { nillable: false }),
    field("Email", "Email", "email", { length: 80 }),
    field("Phone", "Phone", "phone", { length: 40 }),
    field("Description", "Description", "textarea", { length: 32000 }),
    field("LeadSource", "Lead Source", "picklist", { picklistValues: picklist(o.leadSources), restrictedPicklist: o.restrictedLeadSource }),
    field("Status", "Status", "picklist", { nillable: false, defaultedOnCreate: true, picklistValues: picklist(LEAD_STATUSES, "Open - Not Contacted") }),
    field("IsConverted", "Converted", "boolean", { nillable: false, createable: false, updateable: false, defaultedOnCreate: true }),
    field("LastModifiedDate", "Last Modified Date", "datetime", { nillable: false, createable: false, updateable: false, defaultedOnCreate: true }),
    field(o.externalIdField, "Leadline Id", "string", { externalId: o.externalIdMarked, unique: o.externalIdMarked, length: 64 }),
    field("Leadline_Handle__c", "Leadline Handle", "string"),
    field("Leadline_Platform__c", "Leadline Platform", "string", { length: 40 }),
    field("Leadline_Tier__c", "Leadline Tier", "string", { length: 10 }),
    field("Leadline_Score__c", "Leadline Score", "double"),
    field("Leadline_Inbox_Url__c", "Leadline Inbox", "url"),
  ];
  return fields.filter((f) => !o.omit.includes(f.name));
}
