/**
 * The person fields: the "Leadline ID" custom field that holds each lead's external key, and the
 * types of the fields a mapping writes to.
 *
 * Why a per-process cache: the connector cannot write connection metadata, and Pipedrive gives
 * the field a random 40-hex key when it is created. So `prepare` (once per sync run) reads
 * GET /v1/personFields (20 tokens), creates the field when it is missing, checks the mapping and
 * caches the key per connection; upsert and outcomes use the cache and re-read it only when the
 * process has none. A field renamed or deleted in Pipedrive is found again at the next run.
 */
import { CrmConfigError, type CrmCallContext, type CrmCredentials, type FieldMapping } from "../crm-connector";
import { callPipedrive } from "./pipedrive-client";
import { personFieldAnswer, personFieldsAnswer, type PersonField } from "./pipedrive-schemas";

export const KEY_FIELD_NAME = "Leadline ID";
/** Pipedrive's built-in person fields a mapping may name; everything else is a custom field key. */
export const STANDARD_TARGETS = new Set(["name", "email", "phone"]);
const MAX_FIELD_PAGES = 10;

export type FieldInfo = { keyFieldKey: string; types: Map<string, string>; fields: PersonField[] };

const cache = new Map<string, FieldInfo>();

export async function listPersonFields(creds: CrmCredentials, ctx: CrmCallContext): Promise<PersonField[]> {
  const fields: PersonField[] = [];
  let start = 0;
  for (let page = 0; page < MAX_FIELD_PAGES; page++) {
    const answer = await callPipedrive(creds, ctx, { method: "GET", path: "/api/v1/personFields", query: { start: String(start), limit: "500" }, operation: "personFields.list" }, personFieldsAnswer);
    fields.push(...(answer.data ?? []).filter((f) => f.active_flag !== false));
    const pagination = answer.additional_data?.pagination;
    if (!pagination?.more_items_in_collection || pagination.next_start === undefined) break;
    start = pagination.next_start;
  }
  return fields;
}

/** Reads the fields and finds (or, with `create`, adds) the key field; caches the result for the connection. */
export async function loadFields(creds: CrmCredentials, ctx: CrmCallContext, create: boolean): Promise<FieldInfo | null> {
  const fields = await listPersonFields(creds, ctx);
  let keyField = fields.filter((f) => f.name === KEY_FIELD_NAME).sort((a, b) => a.id - b.id)[0];
  if (!keyField && !create) return null;
  if (!keyField) {
    // varchar: searchable with exact_match through /persons/search?fields=custom_fields.
    const added = await callPipedrive(creds, ctx, { method: "POST", path: "/api/v1/personFields", body: { name: KEY_FIELD_NAME, field_type: "varchar" }, operation: "personFields.add" }, personFieldAnswer);
    keyField = added.data;
    fields.push(keyField);
  }
  const info: FieldInfo = { keyFieldKey: keyField.key, types: new Map(fields.map((f) => [f.key, f.field_type])), fields };
  cache.set(creds.connectionId, info);
  return info;
}

/** The cached fields, or a fresh read (creating the key field) when this process has none. */
export async function fieldsFor(creds: CrmCredentials, ctx: CrmCallContext): Promise<FieldInfo> {
  const cached = cache.get(creds.connectionId);
  if (cached) return cached;
  const loaded = await loadFields(creds, ctx, true);
  if (!loaded) throw new CrmConfigError(`Pipedrive: the "${KEY_FIELD_NAME}" person field could not be found or created`);
  return loaded;
}

export function cachedKeyField(connectionId: string): string | null {
  return cache.get(connectionId)?.keyFieldKey ?? null;
}

export function forgetFields(connectionId: string): void {
  cache.delete(connectionId);
}

/** Throws CrmConfigError naming every mapped property Pipedrive does not have (or that is Leadline's own key field). */
export function checkMapping(info: FieldInfo, mapping: FieldMapping): void {
  const missing = Object.entries(mapping)
    .filter(([, target]) => target !== undefined && (!info.types.has(target) || target === info.keyFieldKey))
    .map(([field, target]) => `${field} -> ${target}`);
  if (missing.length > 0) {
    throw new CrmConfigError(`Pipedrive has no person field for ${missing.join(", ")}: pick another field in the mapping (Leadline's "${KEY_FIELD_NAME}" field cannot be mapped).`);
  }
}
