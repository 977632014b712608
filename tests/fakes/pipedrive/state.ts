/**
 * What the Pipedrive fake holds, shaped as the API returns it: persons in the API v2 shape
 * (emails/phones as {value, primary, label}, custom fields under `custom_fields` keyed by their
 * 40-hex field key), leads, notes and person fields in the v1 shape, deals in the v2 shape.
 */
import { randomBytes, randomUUID } from "node:crypto";

export type LabeledValue = { value: string; primary: boolean; label: string };

export interface FakePerson {
  id: number;
  name: string;
  owner_id: number;
  org_id: number | null;
  add_time: string;
  update_time: string;
  emails: LabeledValue[];
  phones: LabeledValue[];
  is_deleted: boolean;
  visible_to: number;
  label_ids: number[];
  picture_id: number | null;
  custom_fields: Record<string, unknown>;
}

export interface FakeField {
  id: number;
  key: string;
  name: string;
  field_type: string;
  mandatory_flag: boolean;
  edit_flag: boolean;
  active_flag: boolean;
  add_time: string;
}

export interface FakeLead {
  id: string;
  title: string;
  owner_id: number;
  creator_id: number;
  label_ids: string[];
  person_id: number | null;
  organization_id: number | null;
  source_name: string;
  origin: string;
  is_archived: boolean;
  was_seen: boolean;
  add_time: string;
  update_time: string;
}

export interface FakeNote {
  id: number;
  user_id: number;
  person_id: number | null;
  lead_id: string | null;
  deal_id: number | null;
  content: string;
  add_time: string;
  update_time: string;
  active_flag: boolean;
}

export interface FakeDeal {
  id: number;
  title: string;
  person_id: number | null;
  status: "open" | "won" | "lost";
  add_time: string;
  update_time: string;
  won_time: string | null;
  lost_time: string | null;
  close_time: string | null;
}

export interface FakeCompany {
  userId: number;
  userName: string;
  email: string;
  companyId: number;
  companyName: string;
  companyDomain: string;
}

/** v2 timestamps: RFC 3339 without milliseconds ("2025-01-01T10:20:00Z"). */
export const rfc3339 = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
/** v1 timestamps: "YYYY-MM-DD HH:MM:SS" in UTC. */
export const v1Time = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");

const STANDARD_FIELDS: Array<Pick<FakeField, "key" | "name" | "field_type" | "mandatory_flag">> = [
  { key: "name", name: "Name", field_type: "varchar", mandatory_flag: true },
  { key: "email", name: "Email", field_type: "varchar", mandatory_flag: false },
  { key: "phone", name: "Phone", field_type: "phone", mandatory_flag: false },
  { key: "owner_id", name: "Owner", field_type: "user", mandatory_flag: false },
  { key: "org_id", name: "Organization", field_type: "org", mandatory_flag: false },
];

export function createPipedriveStore(company: FakeCompany, now: () => number) {
  let nextId = 1;
  const fields: FakeField[] = STANDARD_FIELDS.map((f) => ({ ...f, id: 9000 + nextId++, edit_flag: false, active_flag: true, add_time: v1Time(now()) }));
  return {
    company,
    fields,
    persons: new Map<number, FakePerson>(),
    leads: new Map<string, FakeLead>(),
    notes: new Map<number, FakeNote>(),
    deals: new Map<number, FakeDeal>(),
    nextId: () => nextId++,
    addField(name: string, fieldType: string): FakeField {
      const field: FakeField = { id: nextId++, key: randomBytes(20).toString("hex"), name, field_type: fieldType, mandatory_flag: false, edit_flag: true, active_flag: true, add_time: v1Time(now()) };
      fields.push(field);
      return field;
    },
    newLeadId: () => randomUUID(),
  };
}

export type PipedriveStore = ReturnType<typeof createPipedriveStore>;
