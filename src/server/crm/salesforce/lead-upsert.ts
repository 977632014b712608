import { z } from "zod";
import { CrmUnavailableError, type CrmLeadRecord, type CrmRecordResult, type FieldMapping } from "../crm-connector";
import { callSalesforce, type SalesforceSession } from "./salesforce-client";
import { recordError, recordFailure } from "./salesforce-errors";
import { toLeadSObject } from "./lead-record";

/** sObject Collections take at most 200 records per call. */
export const SALESFORCE_BATCH_SIZE = 200;

const upsertResult = z.object({
  id: z.string().nullish(),
  success: z.boolean(),
  created: z.boolean().optional(),
  errors: z.array(recordError).default([]),
});
const upsertAnswer = z.array(upsertResult);
type UpsertResult = z.infer<typeof upsertResult>;

/**
 * `PATCH /composite/sobjects/Lead/<externalIdField>` with `allOrNone: false`: one UpsertResult
 * per record, in the order sent, so a rejected record never fails its batch. Records believed to
 * exist already are sent without LastName/Company defaults; if one had been deleted in
 * Salesforce, the insert misses those required fields and it is resent once with them.
 */
export async function upsertLeads(session: SalesforceSession, records: CrmLeadRecord[], mapping: FieldMapping): Promise<CrmRecordResult[]> {
  if (records.length === 0) return [];
  if (records.length > SALESFORCE_BATCH_SIZE) throw new RangeError(`Salesforce upsert takes at most ${SALESFORCE_BATCH_SIZE} records, got ${records.length}`);
  const first = await send(session, records, mapping, (r) => r.externalId === null);
  const results = new Map(records.map((r, i) => [r.leadId, first[i] as UpsertResult]));

  const resend = records.filter((r, i) => r.externalId !== null && missesRequiredDefaults(first[i] as UpsertResult));
  if (resend.length > 0) {
    const second = await send(session, resend, mapping, () => true);
    resend.forEach((r, i) => results.set(r.leadId, second[i] as UpsertResult));
  }
  return records.map((r) => toRecordResult(r.leadId, results.get(r.leadId) as UpsertResult));
}

async function send(session: SalesforceSession, records: CrmLeadRecord[], mapping: FieldMapping, withDefaults: (r: CrmLeadRecord) => boolean): Promise<UpsertResult[]> {
  const body = { allOrNone: false, records: records.map((r) => toLeadSObject(r, mapping, session.settings, withDefaults(r))) };
  const answer = await callSalesforce(session, {
    method: "PATCH",
    path: `/composite/sobjects/Lead/${encodeURIComponent(session.settings.externalIdField)}`,
    body,
    operation: "lead.upsert",
    schema: upsertAnswer,
  });
  // Results are positional: a count that does not match cannot be attributed (upserts are safe to resend).
  if (answer.length !== records.length) throw new CrmUnavailableError(`Salesforce lead.upsert answered ${answer.length} results for ${records.length} records`);
  return answer;
}

function missesRequiredDefaults(result: UpsertResult): boolean {
  return !result.success && result.errors.some((e) => e.statusCode === "REQUIRED_FIELD_MISSING" && e.fields.some((f) => f === "LastName" || f === "Company"));
}

function toRecordResult(leadId: string, result: UpsertResult): CrmRecordResult {
  if (result.success && result.id) return { leadId, ok: true, externalId: result.id, created: result.created ?? false };
  if (result.success) return { leadId, ok: false, reason: "Salesforce reported success without a record id", retryable: true };
  return { leadId, ok: false, ...recordFailure(result.errors) };
}
