/**
 * Contacts batch upsert by Leadline's unique id property (docs/crm/hubspot.md#upsert).
 * HubSpot answers 200/201 when every input passed and 207 Multi-Status with `errors[]` when some
 * did not; each error names its inputs in `context.ids` (the idProperty values we sent) or by
 * `objectWriteTraceId`. Some portals still reject a whole batch with a 400 VALIDATION_ERROR for
 * one bad record: the batch is then split in halves until the bad records stand alone, so one
 * invalid email never blocks the other 99.
 */
import { z } from "zod";
import type { CrmCallContext, CrmCredentials, CrmLeadRecord, CrmRecordResult, FieldMapping } from "../crm-connector";
import { callHubSpot } from "./hubspot-client";
import type { HubSpotConfig } from "./hubspot-config";
import { toContactProperties } from "./hubspot-contact";
import { hubspotErrorFor, isTransientCategory, missingProperties, parseErrorBody, type HubSpotErrorBody } from "./hubspot-errors";
import { ID_PROPERTY } from "./hubspot-properties";

export const HUBSPOT_BATCH_SIZE = 100;

const batchError = z
  .object({
    status: z.string().optional(),
    category: z.string().optional(),
    subCategory: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
    message: z.string().optional(),
    context: z.record(z.string(), z.unknown()).optional(),
    objectWriteTraceId: z.string().optional(),
    errors: z.array(z.object({ code: z.string().optional(), context: z.record(z.string(), z.unknown()).optional() }).passthrough()).optional(),
  })
  .passthrough();
export type BatchError = z.infer<typeof batchError>;

const upsertAnswer = z.object({
  status: z.string().optional(),
  results: z.array(
    z
      .object({
        id: z.string().min(1),
        new: z.boolean().optional(),
        objectWriteTraceId: z.string().optional(),
        properties: z.record(z.string(), z.string().nullable()).default({}),
      })
      .passthrough(),
  ),
  errors: z.array(batchError).optional(),
});

/** Strings in an error's context under `key` (HubSpot sends `ids: ["a","b"]`). */
export function contextStrings(error: BatchError, key: string): string[] {
  const value = error.context?.[key];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === "string");
}

/** A reason an admin can read, without HubSpot's message (it may quote the rejected value). */
export function recordReason(error: BatchError): string {
  const codes = [...new Set((error.errors ?? []).map((e) => e.code).filter((c): c is string => !!c))];
  const props = [...new Set((error.errors ?? []).flatMap((e) => {
    const p = e.context?.propertyName;
    return (Array.isArray(p) ? p : [p]).filter((v): v is string => typeof v === "string" && /^[a-z0-9_]{1,100}$/i.test(v));
  }))];
  const existing = /Existing ID:\s*(\d+)/i.exec(error.message ?? "")?.[1];
  if (error.category === "CONFLICT" && existing) return `HubSpot already has another contact with this email (contact ${existing})`;
  const what = codes.length ? codes.join(", ") : (typeof error.subCategory === "string" ? error.subCategory : undefined) ?? error.category ?? "rejected";
  return `HubSpot rejected the record: ${what}${props.length ? ` on ${props.join(", ")}` : ""}`;
}

/** Every input of a 400 body's failure in one result, or null when the 400 is not about records. */
function wholeBatchFailure(body: HubSpotErrorBody | null): BatchError | null {
  if (!body || body.category !== "VALIDATION_ERROR" || missingProperties(body).length > 0) return null;
  return batchError.parse(body);
}

export async function upsertContacts(
  config: HubSpotConfig,
  creds: CrmCredentials,
  records: CrmLeadRecord[],
  mapping: FieldMapping,
  ctx: CrmCallContext,
): Promise<CrmRecordResult[]> {
  if (records.length > HUBSPOT_BATCH_SIZE) throw new RangeError(`HubSpot upserts at most ${HUBSPOT_BATCH_SIZE} contacts per call, got ${records.length}`);
  if (records.length === 0) return [];
  const inputs = records.map((r) => ({ id: r.externalKey, idProperty: ID_PROPERTY, objectWriteTraceId: r.leadId, properties: toContactProperties(r, mapping) }));
  const answer = await callHubSpot(config, creds, ctx, { method: "POST", api: "objects", rest: "contacts/batch/upsert", body: { inputs }, operation: "contacts.upsert", accept: [400] }, upsertAnswer);

  if (!answer.ok) {
    const body = parseErrorBody(answer.body);
    const failure = wholeBatchFailure(body);
    if (!failure) throw hubspotErrorFor("contacts.upsert", answer.status, answer.body, answer.headers, creds.metadata.timeZone);
    if (records.length === 1) return [{ leadId: records[0]!.leadId, ok: false, reason: recordReason(failure), retryable: false }];
    const half = Math.ceil(records.length / 2);
    return [...(await upsertContacts(config, creds, records.slice(0, half), mapping, ctx)), ...(await upsertContacts(config, creds, records.slice(half), mapping, ctx))];
  }

  const byKey = new Map(records.map((r) => [r.externalKey, r]));
  const byLead = new Map(records.map((r) => [r.leadId, r]));
  const results = new Map<string, CrmRecordResult>();
  for (const row of answer.data.results) {
    const record = byKey.get(row.properties[ID_PROPERTY] ?? "") ?? byLead.get(row.objectWriteTraceId ?? "");
    if (record) results.set(record.leadId, { leadId: record.leadId, ok: true, externalId: row.id, created: row.new ?? false });
  }
  for (const error of answer.data.errors ?? []) {
    const named = [...contextStrings(error, "ids").map((id) => byKey.get(id)), ...[...contextStrings(error, "objectWriteTraceId"), error.objectWriteTraceId].map((t) => (t ? byLead.get(t) : undefined))];
    for (const record of named) {
      if (record && !results.has(record.leadId)) results.set(record.leadId, { leadId: record.leadId, ok: false, reason: recordReason(error), retryable: isTransientCategory(error.category) });
    }
  }
  // An input HubSpot said nothing about is not "done": it is retried on the next run.
  return records.map((r) => results.get(r.leadId) ?? { leadId: r.leadId, ok: false, reason: `HubSpot answered ${answer.status} without a result for this record`, retryable: true });
}
