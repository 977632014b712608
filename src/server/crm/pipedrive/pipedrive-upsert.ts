/**
 * Upsert of one lead, Pipedrive having no bulk or keyed upsert (docs/crm/pipedrive.md,
 * "What Leadline creates"):
 * 1. The link's known person id: PATCH /api/v2/persons/{id} (5 tokens). An earlier upsert only
 *    reported success once the Pipedrive lead existed too, so nothing else is needed.
 * 2. Otherwise find the person by the key field: GET /api/v2/persons/search?term=<key>&
 *    fields=custom_fields&exact_match=true (20 tokens). Found: an earlier attempt was cut short
 *    somewhere after creating it, so PATCH it and make sure it has a lead
 *    (GET /v1/leads?person_id=, 20 tokens; POST /v1/leads when none).
 * 3. Not found: POST /api/v2/persons (5) then POST /v1/leads (10).
 * A retry after any failure lands in 2, so it never creates a second person.
 */
import { CrmConfigError, type CrmCallContext, type CrmCredentials, type CrmLeadRecord, type CrmRecordResult, type FieldMapping } from "../crm-connector";
import { callPipedrive } from "./pipedrive-client";
import { PipedriveNotFoundError, PipedriveRejectedError } from "./pipedrive-errors";
import { forgetFields, KEY_FIELD_NAME, type FieldInfo } from "./pipedrive-fields";
import type { SearchPacer } from "./pipedrive-limits";
import { leadTitle, personBody } from "./pipedrive-person-body";
import { leadAnswer, leadsAnswer, personAnswer, personSearchAnswer } from "./pipedrive-schemas";

/** Person id -> Pipedrive lead id learned this process, so notes can be attached to the lead too. */
const knownLeads = new Map<string, Map<number, string>>();
const MAX_KNOWN_LEADS = 10_000;

function rememberLead(connectionId: string, personId: number, leadId: string): void {
  let leads = knownLeads.get(connectionId);
  if (!leads || leads.size >= MAX_KNOWN_LEADS) knownLeads.set(connectionId, (leads = new Map()));
  leads.set(personId, leadId);
}

export function knownLeadId(connectionId: string, personId: number): string | null {
  return knownLeads.get(connectionId)?.get(personId) ?? null;
}

type Deps = { creds: CrmCredentials; ctx: CrmCallContext; info: FieldInfo; mapping: FieldMapping; pacer: SearchPacer; searchBurst: number | undefined };

async function findByKey(d: Deps, key: string): Promise<number | null> {
  await d.pacer.wait(d.creds.connectionId, d.searchBurst);
  const answer = await callPipedrive(
    d.creds, d.ctx,
    { method: "GET", path: "/api/v2/persons/search", query: { term: key, fields: "custom_fields", exact_match: "true", limit: "10" }, operation: "persons.search" },
    personSearchAnswer,
  );
  // The search matches any searchable custom field: keep the items whose matched values hold the key itself.
  const ids = answer.data.items.filter((i) => (i.item.custom_fields ?? []).some((v) => typeof v === "string" && v.toLowerCase() === key.toLowerCase())).map((i) => i.item.id);
  return ids.length > 0 ? Math.min(...ids) : null;
}

async function patchPerson(d: Deps, id: number, record: CrmLeadRecord): Promise<void> {
  await callPipedrive(d.creds, d.ctx, { method: "PATCH", path: `/api/v2/persons/${id}`, body: personBody(record, d.mapping, d.info, false), operation: "persons.update" }, personAnswer);
}

async function addLead(d: Deps, personId: number, record: CrmLeadRecord): Promise<void> {
  const lead = await callPipedrive(d.creds, d.ctx, { method: "POST", path: "/api/v1/leads", body: { title: leadTitle(record), person_id: personId }, operation: "leads.add" }, leadAnswer);
  rememberLead(d.creds.connectionId, personId, lead.data.id);
}

async function ensureLead(d: Deps, personId: number, record: CrmLeadRecord): Promise<void> {
  const leads = await callPipedrive(
    d.creds, d.ctx,
    { method: "GET", path: "/api/v1/leads", query: { person_id: String(personId), archived_status: "all", limit: "1" }, operation: "leads.list" },
    leadsAnswer,
  );
  const existing = leads.data?.[0];
  if (existing) rememberLead(d.creds.connectionId, personId, existing.id);
  else await addLead(d, personId, record);
}

async function upsertOne(d: Deps, record: CrmLeadRecord): Promise<CrmRecordResult> {
  const known = record.externalId !== null && /^\d+$/.test(record.externalId) ? Number(record.externalId) : null;
  if (known !== null) {
    try {
      await patchPerson(d, known, record);
      return { leadId: record.leadId, ok: true, externalId: String(known), created: false };
    } catch (error) {
      if (!(error instanceof PipedriveNotFoundError)) throw error;
      // Deleted in Pipedrive: fall through and find it by key, or create it again.
    }
  }
  const found = await findByKey(d, record.externalKey);
  if (found !== null) {
    await patchPerson(d, found, record);
    await ensureLead(d, found, record);
    return { leadId: record.leadId, ok: true, externalId: String(found), created: false };
  }
  const person = await callPipedrive(d.creds, d.ctx, { method: "POST", path: "/api/v2/persons", body: personBody(record, d.mapping, d.info, true), operation: "persons.add" }, personAnswer);
  await addLead(d, person.data.id, record);
  return { leadId: record.leadId, ok: true, externalId: String(person.data.id), created: true };
}

/**
 * Every record in turn. A record Pipedrive refuses becomes an ok:false result and the batch goes
 * on; auth, rate-limit, outage and config errors stop the call (the engine retries the batch, and
 * the key search makes the records already done here idempotent).
 */
export async function upsertPersons(d: Deps, records: CrmLeadRecord[]): Promise<CrmRecordResult[]> {
  const results: CrmRecordResult[] = [];
  for (const record of records) {
    try {
      results.push(await upsertOne(d, record));
    } catch (error) {
      if (error instanceof PipedriveRejectedError) {
        if (/custom field/i.test(error.reason)) {
          forgetFields(d.creds.connectionId);
          throw new CrmConfigError(`Pipedrive refused a mapped person field (${error.reason}): a field in the mapping, or "${KEY_FIELD_NAME}", no longer exists. Check the mapping.`);
        }
        results.push({ leadId: record.leadId, ok: false, reason: `Pipedrive refused the person (HTTP ${error.status}): ${error.reason}`, retryable: false });
      } else if (error instanceof PipedriveNotFoundError) {
        results.push({ leadId: record.leadId, ok: false, reason: "Pipedrive no longer has the person this lead was linked to", retryable: true });
      } else {
        throw error;
      }
    }
  }
  return results;
}

export type UpsertDeps = Deps;
