/**
 * The CRM endpoints the connector calls, with HubSpot's answers (docs/crm/hubspot.md):
 * properties list/create (409 on a duplicate), contacts batch upsert by a unique property (at most
 * 100 inputs; invalid emails, bad options and email conflicts rejected per record in a 207, or the
 * whole batch in a 400 when `batchErrors` is "whole-batch"), contacts batch read, notes batch
 * create with associations, deals search and deal -> contact associations.
 */
import { conflict, errorBody, notFound, validation, type HubSpotAnswer } from "./errors";
import type { FakeObject, FakeProperty, HubSpotStore } from "./state";

export const MAX_BATCH = 100;
const MAX_SEARCH_LIMIT = 200;
const MAX_SEARCH_RESULTS = 10_000;
const NOTE_TO_CONTACT = 202;
const DEAL_TO_CONTACT = 3;
/** Close to HubSpot's check: a local part, an @, a domain with a dot and a TLD of 2+ letters. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i;

type Json = Record<string, unknown>;
const asObject = (v: unknown): Json => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {});
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const isoNow = (now: number) => new Date(now).toISOString();

export function propertyJson(p: FakeProperty): Json {
  return {
    name: p.name, label: p.label, type: p.type, fieldType: p.fieldType, groupName: p.groupName, hasUniqueValue: p.hasUniqueValue,
    options: p.options, archived: false, calculated: false, formField: false, displayOrder: -1,
    modificationMetadata: { archivable: !p.readOnly, readOnlyDefinition: p.readOnly, readOnlyValue: p.readOnly },
  };
}

export function listProperties(store: HubSpotStore): HubSpotAnswer {
  return { status: 200, body: { results: [...store.properties.values()].map(propertyJson) } };
}

const TYPES: Record<string, string[]> = { string: ["text", "textarea", "phonenumber", "file", "html"], number: ["number"], enumeration: ["select", "radio", "checkbox", "booleancheckbox"], date: ["date"], datetime: ["date"], bool: ["booleancheckbox"] };

export function createProperty(store: HubSpotStore, raw: unknown): HubSpotAnswer {
  const b = asObject(raw);
  const name = typeof b.name === "string" ? b.name : "";
  const type = typeof b.type === "string" ? b.type : "";
  const fieldType = typeof b.fieldType === "string" ? b.fieldType : "";
  if (!/^[a-z][a-z0-9_]{0,99}$/.test(name)) return validation("Property name must be lowercase letters, digits and underscores.");
  if (!TYPES[type]?.includes(fieldType)) return validation(`Invalid type/fieldType combination: ${type}/${fieldType}.`);
  if (typeof b.groupName !== "string" || !store.groups.has(b.groupName)) return validation(`Property group ${String(b.groupName)} does not exist.`);
  if (store.properties.has(name)) return conflict(`Property named '${name}' already exists.`);
  const options = asArray(b.options).map(asObject).map((o) => ({ label: String(o.label ?? o.value), value: String(o.value), displayOrder: Number(o.displayOrder ?? 0) }));
  if (type === "enumeration" && options.length === 0) return validation("Enumeration properties need options.");
  const p: FakeProperty = { name, label: String(b.label ?? name), type, fieldType, groupName: b.groupName, hasUniqueValue: b.hasUniqueValue === true, readOnly: false, options };
  store.properties.set(name, p);
  return { status: 201, body: propertyJson(p) };
}

export function createGroup(store: HubSpotStore, raw: unknown): HubSpotAnswer {
  const b = asObject(raw);
  if (typeof b.name !== "string" || !/^[a-z][a-z0-9_]*$/.test(b.name)) return validation("Group name is invalid.");
  if (store.groups.has(b.name)) return conflict(`Property group named '${b.name}' already exists.`);
  store.groups.add(b.name);
  return { status: 201, body: { name: b.name, label: String(b.label ?? b.name), displayOrder: -1, archived: false } };
}

function objectJson(o: FakeObject, only?: string[]): Json {
  const properties = only ? Object.fromEntries(only.map((k) => [k, o.properties[k] ?? null])) : { ...o.properties };
  properties.hs_object_id = o.id;
  return { id: o.id, properties, createdAt: o.createdAt, updatedAt: o.updatedAt, archived: false };
}

/** Contacts by one property's value (emails compared case-insensitively). */
type ContactIndex = Map<string, FakeObject[]>;

/**
 * The store's indexes, one per property looked up, built on first use and kept current by every
 * write (`writeContact`), as a real CRM's would be: a batch costs its own size, not the store's.
 */
const indexes = new WeakMap<HubSpotStore, Map<string, ContactIndex>>();

const indexKey = (property: string, value: string) => (property === "email" ? value.toLowerCase() : value);

function indexBy(store: HubSpotStore, property: string): ContactIndex {
  let byProperty = indexes.get(store);
  if (!byProperty) indexes.set(store, (byProperty = new Map()));
  let index = byProperty.get(property);
  if (!index) {
    index = new Map();
    for (const c of store.contacts.values()) {
      const v = c.properties[property];
      if (v !== undefined) index.set(indexKey(property, v), [...(index.get(indexKey(property, v)) ?? []), c]);
    }
    byProperty.set(property, index);
  }
  return index;
}

/** Stores a contact whose properties become `properties`, keeping the indexes current. */
export function writeContact(store: HubSpotStore, contact: FakeObject, properties: Record<string, string>): void {
  for (const [property, index] of indexes.get(store) ?? []) {
    const before = store.contacts.has(contact.id) ? contact.properties[property] : undefined;
    if (before !== undefined) {
      const rest = (index.get(indexKey(property, before)) ?? []).filter((c) => c.id !== contact.id);
      if (rest.length > 0) index.set(indexKey(property, before), rest);
      else index.delete(indexKey(property, before));
    }
    const after = properties[property];
    if (after !== undefined) index.set(indexKey(property, after), [...(index.get(indexKey(property, after)) ?? []), contact]);
  }
  contact.properties = properties;
  store.contacts.set(contact.id, contact);
}

function findBy(index: ContactIndex, property: string, value: string, skipId?: string): FakeObject | undefined {
  return index.get(property === "email" ? value.toLowerCase() : value)?.find((c) => c.id !== skipId);
}

type RecordError = { category: string; message: string; code?: string; property?: string };

function checkValues(store: HubSpotStore, emails: ContactIndex, properties: Record<string, string>, selfId: string | undefined): RecordError | null {
  for (const [name, value] of Object.entries(properties)) {
    const p = store.properties.get(name);
    if (!p) continue; // checked for the whole batch first
    if (p.readOnly) return { category: "VALIDATION_ERROR", message: `Property "${name}" is read-only.`, code: "READ_ONLY_VALUE", property: name };
    if (name === "email" && value !== "" && !EMAIL.test(value)) return { category: "VALIDATION_ERROR", message: `Property values were not valid: [{"isValid":false,"message":"Email address ${value} is invalid","error":"INVALID_EMAIL","name":"email"}]`, code: "INVALID_EMAIL", property: "email" };
    if (p.type === "enumeration" && value !== "" && !p.options.some((o) => o.value === value)) return { category: "VALIDATION_ERROR", message: `Property values were not valid: ${value} was not one of the allowed options`, code: "INVALID_OPTION", property: name };
    if (p.type === "number" && value !== "" && !Number.isFinite(Number(value))) return { category: "VALIDATION_ERROR", message: `${value} is not a valid number`, code: "INVALID_LONG", property: name };
  }
  if (properties.email) {
    const other = findBy(emails, "email", properties.email, selfId);
    if (other) return { category: "CONFLICT", message: `Contact already exists. Existing ID: ${other.id}` };
  }
  return null;
}

const recordErrorJson = (e: RecordError, context: Json): Json => ({
  status: "error", category: e.category, message: e.message, context,
  ...(e.code ? { errors: [{ message: e.message, code: e.code, context: { propertyName: [e.property] } }] } : {}),
});

export function upsertContacts(store: HubSpotStore, raw: unknown, now: number, batchErrors: "multi-status" | "whole-batch", shuffle: boolean): HubSpotAnswer {
  const inputs = asArray(asObject(raw).inputs).map(asObject);
  if (inputs.length === 0) return validation("inputs must not be empty");
  if (inputs.length > MAX_BATCH) return validation(`Batch input must be at most ${MAX_BATCH} items; got ${inputs.length}`, [{ code: "TOO_MANY_INPUTS", message: "too many inputs", context: {} }]);
  const ids = inputs.map((i) => (typeof i.id === "string" ? i.id : ""));
  if (ids.some((id) => !id)) return validation("Every input needs an id");
  if (new Set(ids).size !== ids.length) return validation("Duplicate IDs found in batch input");
  const idProperty = typeof inputs[0]!.idProperty === "string" ? inputs[0]!.idProperty : "";
  if (inputs.some((i) => i.idProperty !== idProperty)) return validation("All inputs must use the same idProperty");
  const unique = store.properties.get(idProperty);
  if (!unique || !unique.hasUniqueValue) return validation(`Unable to perform update/upsert by non-unique 0-1 property ${idProperty}`);
  // A property that does not exist fails the whole batch, naming it.
  const unknown = [...new Set(inputs.flatMap((i) => Object.keys(asObject(i.properties))).filter((k) => !store.properties.has(k)))];
  if (unknown.length > 0) {
    return validation(`Property values were not valid`, unknown.map((name) => ({ message: `Property "${name}" does not exist`, code: "PROPERTY_DOESNT_EXIST", context: { propertyName: [name] } })));
  }

  const results: Json[] = [];
  const errors: Json[] = [];
  const writes: Array<() => void> = [];
  // Writes wait until every input is checked, so indexes of the store as it was serve the batch.
  const byKey = indexBy(store, idProperty);
  const byEmail = indexBy(store, "email");
  for (const input of inputs) {
    const id = String(input.id);
    const properties = Object.fromEntries(Object.entries(asObject(input.properties)).map(([k, v]) => [k, v === null ? "" : String(v)]));
    const existing = findBy(byKey, idProperty, id);
    const problem = checkValues(store, byEmail, properties, existing?.id);
    const trace = typeof input.objectWriteTraceId === "string" ? input.objectWriteTraceId : undefined;
    if (problem) {
      errors.push(recordErrorJson(problem, { ids: [id] }));
      continue;
    }
    writes.push(() => {
      const at = isoNow(now);
      const target = existing ?? { id: store.nextId(), properties: { createdate: at }, createdAt: at, updatedAt: at };
      target.updatedAt = at;
      writeContact(store, target, { ...target.properties, ...properties, [idProperty]: id, lastmodifieddate: at });
      results.push({ ...objectJson(target), new: !existing, ...(trace ? { objectWriteTraceId: trace } : {}) });
    });
  }
  if (errors.length > 0 && batchErrors === "whole-batch") {
    const first = errors[0]!;
    return { status: 400, body: { ...errorBody(String(first.category), String(first.message)), ...(first.errors ? { errors: first.errors } : {}) } };
  }
  for (const write of writes) write();
  if (shuffle) results.reverse();
  const stamp = isoNow(now);
  const body: Json = { status: "COMPLETE", results, startedAt: stamp, completedAt: stamp };
  if (errors.length === 0) return { status: 200, body };
  return { status: 207, body: { ...body, numErrors: errors.length, errors } };
}

export function readContacts(store: HubSpotStore, raw: unknown): HubSpotAnswer {
  const b = asObject(raw);
  const inputs = asArray(b.inputs).map(asObject);
  if (inputs.length > MAX_BATCH) return validation(`Batch input must be at most ${MAX_BATCH} items`);
  const only = asArray(b.properties).filter((p): p is string => typeof p === "string");
  const results: Json[] = [];
  const missing: string[] = [];
  for (const input of inputs) {
    const c = store.contacts.get(String(input.id));
    if (c) results.push(objectJson(c, only));
    else missing.push(String(input.id));
  }
  const body: Json = { status: "COMPLETE", results };
  if (missing.length === 0) return { status: 200, body };
  return { status: 207, body: { ...body, numErrors: 1, errors: [{ status: "error", category: "OBJECT_NOT_FOUND", message: "Could not get some CONTACT objects, they may be deleted or not exist.", context: { ids: missing } }] } };
}

export function createNotes(store: HubSpotStore, raw: unknown, now: number): HubSpotAnswer {
  const inputs = asArray(asObject(raw).inputs).map(asObject);
  if (inputs.length === 0) return validation("inputs must not be empty");
  if (inputs.length > MAX_BATCH) return validation(`Batch input must be at most ${MAX_BATCH} items; got ${inputs.length}`);
  const prepared: Array<{ properties: Record<string, string>; contactIds: string[]; types: number[]; trace?: string }> = [];
  for (const input of inputs) {
    const properties = Object.fromEntries(Object.entries(asObject(input.properties)).map(([k, v]) => [k, String(v)]));
    if (!properties.hs_timestamp) return validation("hs_timestamp is required", [{ code: "REQUIRED_PROPERTY", message: "missing hs_timestamp", context: { propertyName: ["hs_timestamp"] } }]);
    const contactIds: string[] = [];
    const types: number[] = [];
    for (const a of asArray(input.associations).map(asObject)) {
      const to = String(asObject(a.to).id ?? "");
      for (const t of asArray(a.types).map(asObject)) {
        if (t.associationCategory !== "HUBSPOT_DEFINED" || t.associationTypeId !== NOTE_TO_CONTACT) return validation(`Invalid association type ${String(t.associationCategory)}/${String(t.associationTypeId)} from NOTE to CONTACT`);
        types.push(NOTE_TO_CONTACT);
      }
      if (!store.contacts.has(to)) return validation(`One or more associations are invalid: CONTACT ${to} does not exist`, [{ code: "INVALID_ASSOCIATION", message: "unknown contact", context: {} }]);
      contactIds.push(to);
    }
    prepared.push({ properties, contactIds, types, trace: typeof input.objectWriteTraceId === "string" ? input.objectWriteTraceId : undefined });
  }
  const at = isoNow(now);
  const results = prepared.map((p) => {
    const note = { id: store.nextId(), properties: { ...p.properties, hs_createdate: at }, createdAt: at, updatedAt: at, contactIds: p.contactIds, associationTypeIds: p.types };
    store.notes.push(note);
    return { ...objectJson(note), ...(p.trace ? { objectWriteTraceId: p.trace } : {}) };
  });
  return { status: 201, body: { status: "COMPLETE", results, startedAt: at, completedAt: at } };
}

const toMs = (v: string | undefined) => (v === undefined ? NaN : /^\d+$/.test(v) ? Number(v) : Date.parse(v));

function matches(deal: FakeObject, filter: Json): boolean {
  const name = String(filter.propertyName ?? "");
  const actual = deal.properties[name];
  const wanted = String(filter.value ?? "");
  const dateLike = name.endsWith("date");
  const cmp = dateLike ? toMs(actual) - toMs(wanted) : Number(actual) - Number(wanted);
  switch (filter.operator) {
    case "EQ": return actual === wanted;
    case "NEQ": return actual !== wanted;
    case "GTE": return cmp >= 0;
    case "GT": return cmp > 0;
    case "LTE": return cmp <= 0;
    case "LT": return cmp < 0;
    case "HAS_PROPERTY": return actual !== undefined && actual !== "";
    default: return false;
  }
}

export function searchDeals(store: HubSpotStore, raw: unknown, origin: string): HubSpotAnswer {
  const b = asObject(raw);
  const limit = b.limit === undefined ? 10 : Number(b.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) return validation(`limit must be between 1 and ${MAX_SEARCH_LIMIT}`);
  const after = b.after === undefined ? 0 : Number(b.after);
  if (!Number.isInteger(after) || after < 0) return validation("after must be a number");
  if (after + limit > MAX_SEARCH_RESULTS) return validation(`The search API returns at most ${MAX_SEARCH_RESULTS} results`);
  const groups = asArray(b.filterGroups).map((g) => asArray(asObject(g).filters).map(asObject));
  let deals = [...store.deals.values()].filter((d) => groups.length === 0 || groups.some((filters) => filters.every((f) => matches(d, f))));
  const sort = asObject(asArray(b.sorts)[0]);
  if (sort.propertyName) {
    const key = String(sort.propertyName);
    const dir = sort.direction === "DESCENDING" ? -1 : 1;
    deals = deals.sort((x, y) => dir * (toMs(x.properties[key]) - toMs(y.properties[key]) || Number(x.id) - Number(y.id)));
  }
  const only = asArray(b.properties).filter((p): p is string => typeof p === "string");
  const page = deals.slice(after, after + limit).map((d) => objectJson(d, only.length ? only : ["dealname", "dealstage", "hs_lastmodifieddate"]));
  const next = after + limit < deals.length ? { next: { after: String(after + limit), link: `${origin}/crm/v3/objects/deals/search?after=${after + limit}` } } : undefined;
  return { status: 200, body: { total: deals.length, results: page, ...(next ? { paging: next } : {}) } };
}

export function readDealContacts(store: HubSpotStore, raw: unknown): HubSpotAnswer {
  const inputs = asArray(asObject(raw).inputs).map(asObject);
  if (inputs.length > 1000) return validation("Batch input must be at most 1000 items");
  const results: Json[] = [];
  const errors: Json[] = [];
  for (const input of inputs) {
    const deal = store.deals.get(String(input.id));
    if (!deal || deal.contactIds.length === 0) {
      errors.push({ status: "error", category: "OBJECT_NOT_FOUND", message: `No contacts are associated with deal ${String(input.id)}.`, context: { fromObjectId: [String(input.id)] } });
      continue;
    }
    results.push({ from: { id: deal.id }, to: deal.contactIds.map((id) => ({ toObjectId: Number(id), associationTypes: [{ category: "HUBSPOT_DEFINED", typeId: DEAL_TO_CONTACT, label: null }] })) });
  }
  const body: Json = { status: "COMPLETE", results };
  return errors.length ? { status: 207, body: { ...body, numErrors: errors.length, errors } } : { status: 200, body };
}

export function accountDetails(store: HubSpotStore): HubSpotAnswer {
  return {
    status: 200,
    body: { portalId: store.portal.portalId, accountType: "STANDARD", timeZone: store.portal.timeZone, companyCurrency: "EUR", additionalCurrencies: [], utcOffset: "+01:00", utcOffsetMilliseconds: 3_600_000, uiDomain: store.portal.uiDomain, dataHostingLocation: "eu1" },
  };
}

export { notFound };
