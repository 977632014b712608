/**
 * sObject Collections as Salesforce runs them with `allOrNone: false`: a malformed request
 * fails whole (400), otherwise 200 with one result per record in the order sent, each
 * `{ id, success, errors[, created] }`. Upsert matches by the external-id field named in the
 * URL; creates and updates here take Tasks (what Leadline writes besides Leads).
 */
import { noSuchColumn, recordError, restError, type SfAnswer } from "./errors";
import type { FakeField } from "./lead-fields";
import { newId, sameId, toSecond, type LeadRow, type SalesforceStore } from "./state";

export type RecordRejection = { statusCode: string; message: string; fields?: string[] };

export interface SobjectRules {
  store: SalesforceStore;
  maxBatch: number;
  leadFields: () => FakeField[];
  now: () => number;
  /** External key -> the error its upserts get (a validation rule, say). */
  rejections: Map<string, RecordRejection>;
}

type Body = { allOrNone?: unknown; records?: unknown };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const READ_ONLY = new Set(["Id", "IsConverted", "LastModifiedDate", "CreatedDate"]);

function readBody(raw: string, maxBatch: number): { records: Array<Record<string, unknown>> } | SfAnswer {
  let body: Body;
  try {
    body = JSON.parse(raw) as Body;
  } catch {
    return restError(400, "JSON_PARSER_ERROR", "Unexpected character: was expecting a JSON value");
  }
  if (typeof body !== "object" || body === null || !Array.isArray(body.records)) return restError(400, "JSON_PARSER_ERROR", "records is required");
  if (body.records.length > maxBatch) return restError(400, "EXCEEDED_ID_LIMIT", `record limit reached. cannot submit more than ${maxBatch} records into this call`);
  if (body.allOrNone !== undefined && typeof body.allOrNone !== "boolean") return restError(400, "JSON_PARSER_ERROR", "allOrNone must be a boolean");
  if (body.allOrNone === true) return restError(400, "INVALID_OPERATION", "fake: allOrNone=true is not simulated");
  const records = body.records as unknown[];
  if (records.some((r) => typeof r !== "object" || r === null || Array.isArray(r))) return restError(400, "JSON_PARSER_ERROR", "each record must be an object");
  return { records: records as Array<Record<string, unknown>> };
}

const typeOf = (r: Record<string, unknown>) => (r.attributes as { type?: unknown } | undefined)?.type;

export function upsertLeads(rules: SobjectRules, externalIdField: string, raw: string): SfAnswer {
  const parsed = readBody(raw, rules.maxBatch);
  if ("status" in parsed) return parsed;
  const fields = new Map(rules.leadFields().map((f) => [f.name, f]));
  const ext = fields.get(externalIdField);
  if (!ext) return restError(404, "NOT_FOUND", `Provided external ID field does not exist or is not accessible: ${externalIdField}`);
  if (!ext.externalId) return restError(400, "INVALID_FIELD", `Field ${externalIdField} is not an external id field`);
  for (const r of parsed.records) {
    if (typeOf(r) !== "Lead") return restError(400, "INVALID_TYPE", "The sObject type in the records must be Lead");
    for (const name of Object.keys(r)) if (name !== "attributes" && !fields.has(name)) return noSuchColumn(name, "Lead");
  }
  return { status: 200, body: parsed.records.map((r) => upsertOne(rules, externalIdField, fields, r)) };
}

function upsertOne(rules: SobjectRules, ext: string, fields: Map<string, FakeField>, r: Record<string, unknown>): unknown {
  const fail = (statusCode: string, message: string, on: string[] = []) => ({ id: null, success: false, errors: [recordError(statusCode, message, on)], created: false });
  const key = r[ext];
  if (typeof key !== "string" || key === "") return fail("MISSING_ARGUMENT", `${ext} not specified`, [ext]);
  const rejection = rules.rejections.get(key);
  if (rejection) return fail(rejection.statusCode, rejection.message, rejection.fields ?? []);
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(r)) {
    if (name === "attributes") continue;
    const field = fields.get(name) as FakeField;
    if (READ_ONLY.has(name) || !field.createable) return fail("INVALID_FIELD_FOR_INSERT_UPDATE", `Unable to create/update fields: ${name}.`, [name]);
    if (name === "Email" && value !== null && (typeof value !== "string" || !EMAIL.test(value))) {
      // Salesforce quotes the rejected value back; the connector must not pass it on.
      return fail("INVALID_EMAIL_ADDRESS", `Email: invalid email address: ${String(value)}`, ["Email"]);
    }
    if (field.type === "double" && value !== null && typeof value !== "number") return fail("INVALID_TYPE_ON_FIELD_IN_RECORD", `${field.label}: value not of required type`, [name]);
    if (field.length > 0 && typeof value === "string" && value.length > field.length) return fail("STRING_TOO_LONG", `${field.label}: data value too large (max length=${field.length})`, [name]);
    if (name === "LeadSource" && field.restrictedPicklist && !field.picklistValues.some((p) => p.value === value)) return fail("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "Lead Source: bad value for restricted picklist field", [name]);
    values[name] = value;
  }
  const now = toSecond(rules.now());
  const existingId = rules.store.leadsByKey.get(key);
  const existing = existingId ? rules.store.leads.get(existingId) : undefined;
  const merged = { ...(existing?.fields ?? {}), ...values };
  const missing = ["LastName", "Company"].filter((f) => merged[f] === undefined || merged[f] === null || merged[f] === "");
  if (missing.length > 0) return fail("REQUIRED_FIELD_MISSING", `Required fields are missing: [${missing.join(", ")}]`, missing);
  if (existing) {
    existing.fields = merged;
    existing.LastModifiedDate = now;
    return { id: existing.Id, success: true, errors: [], created: false };
  }
  const lead: LeadRow = { Id: newId(rules.store, "00Q"), fields: merged, Status: "Open - Not Contacted", IsConverted: false, CreatedDate: now, LastModifiedDate: now };
  rules.store.leads.set(lead.Id, lead);
  rules.store.leadsByKey.set(key, lead.Id);
  return { id: lead.Id, success: true, errors: [], created: true };
}

const TASK_FIELDS = new Set(["WhoId", "Subject", "Status", "Priority", "Description", "ActivityDate"]);

/** POST (create) or PATCH (update, each record with its `id`) /composite/sobjects, Tasks only. */
export function saveTasks(rules: SobjectRules, method: "POST" | "PATCH", raw: string): SfAnswer {
  const parsed = readBody(raw, rules.maxBatch);
  if ("status" in parsed) return parsed;
  for (const r of parsed.records) {
    if (typeOf(r) !== "Task") return restError(400, "INVALID_TYPE", "fake: only Task records are simulated on /composite/sobjects");
    for (const name of Object.keys(r)) if (name !== "attributes" && name !== "id" && !TASK_FIELDS.has(name)) return noSuchColumn(name, "Task");
  }
  const store = rules.store;
  const now = toSecond(rules.now());
  const results = parsed.records.map((r) => {
    const fail = (statusCode: string, message: string, on: string[] = []) => ({ success: false, errors: [recordError(statusCode, message, on)] });
    const description = typeof r.Description === "string" ? r.Description : "";
    if (description.length > 32_000) return fail("STRING_TOO_LONG", "Description: data value too large (max length=32000)", ["Description"]);
    if (method === "PATCH") {
      const task = typeof r.id === "string" ? [...store.tasks.values()].find((t) => sameId(t.Id, r.id as string)) : undefined;
      if (!task) return fail("ENTITY_IS_DELETED", "entity is deleted", []);
      if (typeof r.Description === "string") task.Description = r.Description;
      task.fields = { ...task.fields, ...r };
      task.LastModifiedDate = now;
      return { id: task.Id, success: true, errors: [] };
    }
    if (r.id !== undefined) return fail("INVALID_FIELD_FOR_INSERT_UPDATE", "cannot specify Id in an insert call", ["Id"]);
    const whoId = typeof r.WhoId === "string" ? r.WhoId : "";
    const lead = [...store.leads.values()].find((l) => sameId(l.Id, whoId));
    if (!lead) return fail("INVALID_CROSS_REFERENCE_KEY", "Name ID: id value of incorrect type", ["WhoId"]);
    const task = { Id: newId(store, "00T"), WhoId: lead.Id, Subject: String(r.Subject ?? ""), Status: String(r.Status ?? "Not Started"), Description: description, CreatedDate: now, LastModifiedDate: now, fields: { ...r } };
    store.tasks.set(task.Id, task);
    return { id: task.Id, success: true, errors: [] };
  });
  return { status: 200, body: results };
}
