/**
 * Persons, API v2 (developers.pipedrive.com/docs/api/v1/Persons, "API v2" tab, checked
 * 2026-11-30): GET /api/v2/persons/search (term, fields, exact_match, limit <= 500, cursor),
 * GET /api/v2/persons (ids <= 100, custom_fields <= 15 keys, limit <= 500, cursor),
 * POST /api/v2/persons and PATCH /api/v2/persons/{id} with JSON bodies.
 */
import { badRequest, failure, notFound, ok, type PdAnswer } from "./answers";
import { rfc3339, type FakePerson, type LabeledValue, type PipedriveStore } from "./state";

export interface PersonRules {
  now: () => number;
  /** Reject emails that do not look like one (the fake's per-record validation error). */
  validateEmails: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const encodeCursor = (offset: number) => Buffer.from(JSON.stringify({ offset })).toString("base64url");

function decodeCursor(cursor: string | undefined): number | null {
  if (!cursor) return 0;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    const offset = typeof parsed === "object" && parsed !== null && "offset" in parsed ? Number(parsed.offset) : NaN;
    return Number.isInteger(offset) && offset >= 0 ? offset : null;
  } catch {
    return null;
  }
}

/** One page of `rows` by cursor, with Pipedrive's `additional_data.next_cursor` (null on the last page). */
export function page<T>(rows: T[], params: Record<string, string>, max: number): PdAnswer | { rows: T[]; next: string | null } {
  const limit = params.limit === undefined ? 100 : Number(params.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > max) return badRequest(`limit must be an integer between 1 and ${max}`);
  const offset = decodeCursor(params.cursor);
  if (offset === null) return badRequest("Invalid cursor");
  const slice = rows.slice(offset, offset + limit);
  return { rows: slice, next: offset + limit < rows.length ? encodeCursor(offset + limit) : null };
}

export function personJson(p: FakePerson, onlyKeys?: string[]): Record<string, unknown> {
  const [first, ...rest] = p.name.split(" ");
  const custom = onlyKeys ? Object.fromEntries(Object.entries(p.custom_fields).filter(([k]) => onlyKeys.includes(k))) : p.custom_fields;
  return { ...p, first_name: first ?? "", last_name: rest.join(" "), custom_fields: custom };
}

export function searchPersons(store: PipedriveStore, params: Record<string, string>): PdAnswer {
  const term = params.term ?? "";
  const exact = params.exact_match === "true" || params.exact_match === "1";
  if (term.length < (exact ? 1 : 2)) return badRequest("term must be at least 2 characters long (1 with exact_match)");
  const fields = (params.fields ?? "custom_fields,email,notes,phone,name").split(",");
  const matches = (value: string) => (exact ? value.toLowerCase() === term.toLowerCase() : value.toLowerCase().includes(term.toLowerCase()));
  const items = [...store.persons.values()]
    .filter((p) => !p.is_deleted)
    .flatMap((p) => {
      const customHits = fields.includes("custom_fields") ? Object.values(p.custom_fields).filter((v): v is string => typeof v === "string" && matches(v)) : [];
      const hit = customHits.length > 0 || (fields.includes("name") && matches(p.name)) || (fields.includes("email") && p.emails.some((e) => matches(e.value))) || (fields.includes("phone") && p.phones.some((ph) => matches(ph.value)));
      if (!hit) return [];
      const item = { id: p.id, type: "person", name: p.name, phones: p.phones.map((x) => x.value), emails: p.emails.map((x) => x.value), visible_to: p.visible_to, owner: { id: p.owner_id }, organization: null, custom_fields: customHits, notes: [] };
      return [{ result_score: exact ? 1 : 0.5, item }];
    });
  const paged = page(items, params, 500);
  if ("status" in paged) return paged;
  return ok({ items: paged.rows }, { next_cursor: paged.next });
}

export function listPersons(store: PipedriveStore, params: Record<string, string>): PdAnswer {
  const ids = params.ids ? params.ids.split(",").map(Number) : null;
  if (ids && (ids.length > 100 || ids.some((id) => !Number.isInteger(id)))) return badRequest("ids must be at most 100 integers");
  const keys = params.custom_fields ? params.custom_fields.split(",") : undefined;
  if (keys && keys.length > 15) return badRequest("custom_fields accepts at most 15 keys");
  const since = params.updated_since ? Date.parse(params.updated_since) : null;
  const rows = [...store.persons.values()]
    .filter((p) => !p.is_deleted && (!ids || ids.includes(p.id)) && (since === null || Date.parse(p.update_time) >= since))
    .sort((a, b) => (params.sort_by === "update_time" ? a.update_time.localeCompare(b.update_time) : a.id - b.id));
  const paged = page(rows, params, 500);
  if ("status" in paged) return paged;
  return ok(paged.rows.map((p) => personJson(p, keys)), { next_cursor: paged.next });
}

type PersonBody = { name?: unknown; emails?: unknown; phones?: unknown; custom_fields?: unknown };

/** Checks a v2 person body; returns an error answer or the parts to write. */
function readBody(store: PipedriveStore, body: PersonBody, rules: PersonRules, creating: boolean): PdAnswer | { name?: string; emails?: LabeledValue[]; phones?: LabeledValue[]; custom?: Record<string, unknown> } {
  if (creating && (typeof body.name !== "string" || body.name.trim() === "")) return badRequest("Name must be given.");
  if (body.name !== undefined && typeof body.name !== "string") return badRequest("name must be a string");
  const list = (value: unknown, what: string): LabeledValue[] | PdAnswer | undefined => {
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.some((v) => typeof v !== "object" || v === null || typeof (v as { value?: unknown }).value !== "string")) return badRequest(`${what} must be an array of {value, primary, label}`);
    return (value as Array<{ value: string; primary?: boolean; label?: string }>).map((v, i) => ({ value: v.value, primary: v.primary ?? i === 0, label: v.label ?? "work" }));
  };
  const emails = list(body.emails, "emails");
  if (emails && "status" in emails) return emails;
  if (rules.validateEmails && emails?.some((e) => !EMAIL.test(e.value))) return failure(400, "Invalid email address", { code: "ERR_SCHEMA_VALIDATION_FAILED" });
  const phones = list(body.phones, "phones");
  if (phones && "status" in phones) return phones;
  let custom: Record<string, unknown> | undefined;
  if (body.custom_fields !== undefined) {
    if (typeof body.custom_fields !== "object" || body.custom_fields === null || Array.isArray(body.custom_fields)) return badRequest("custom_fields must be an object");
    custom = body.custom_fields as Record<string, unknown>;
    const known = new Set(store.fields.filter((f) => f.edit_flag && f.active_flag).map((f) => f.key));
    if (Object.keys(custom).some((k) => !known.has(k))) return failure(400, "Unknown custom field key", { code: "ERR_SCHEMA_VALIDATION_FAILED" });
  }
  return { name: typeof body.name === "string" ? body.name : undefined, emails, phones, custom };
}

export function addPerson(store: PipedriveStore, body: PersonBody, rules: PersonRules): PdAnswer {
  const parts = readBody(store, body, rules, true);
  if ("status" in parts) return parts;
  const at = rfc3339(rules.now());
  const person: FakePerson = {
    id: store.nextId(), name: parts.name ?? "", owner_id: store.company.userId, org_id: null, add_time: at, update_time: at,
    emails: parts.emails ?? [], phones: parts.phones ?? [], is_deleted: false, visible_to: 3, label_ids: [], picture_id: null,
    custom_fields: Object.fromEntries(Object.entries(parts.custom ?? {}).filter(([, v]) => v !== null)),
  };
  store.persons.set(person.id, person);
  return ok(personJson(person));
}

export function updatePerson(store: PipedriveStore, id: number, body: PersonBody, rules: PersonRules): PdAnswer {
  const person = store.persons.get(id);
  if (!person || person.is_deleted) return notFound("Person");
  const parts = readBody(store, body, rules, false);
  if ("status" in parts) return parts;
  if (parts.name !== undefined) person.name = parts.name;
  if (parts.emails) person.emails = parts.emails;
  if (parts.phones) person.phones = parts.phones;
  for (const [key, value] of Object.entries(parts.custom ?? {})) {
    if (value === null) delete person.custom_fields[key];
    else person.custom_fields[key] = value;
  }
  person.update_time = rfc3339(rules.now());
  return ok(personJson(person));
}

