import { z } from "zod";
import { CrmUnavailableError, type CrmNote, type CrmRecordResult } from "../crm-connector";
import { callSalesforce, type SalesforceSession } from "./salesforce-client";
import { recordError, recordFailure } from "./salesforce-errors";
import { queryAll } from "./soql-query";

/**
 * The conversation goes on the Lead as one completed Task (docs/crm/salesforce.md, "Why
 * Tasks"): it shows in the Lead's activity timeline, reports like any activity, and needs no
 * custom field. "Attach or replace": the Tasks Leadline made earlier are found by subject and
 * updated, so a retried or repeated sync never adds a second Task. Three calls at most per
 * batch: one query, one create, one update (sObject Collections, 200 records each).
 */
export const NOTE_SUBJECT = "Leadline conversation";
/** Task.Description is a 32,000-character long text area. */
const DESCRIPTION_MAX = 32_000;
const SALESFORCE_ID = /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/;
const CHUNK = 200;

const saveResult = z.object({ id: z.string().nullish(), success: z.boolean(), errors: z.array(recordError).default([]) });
const saveAnswer = z.array(saveResult);
type SaveResult = z.infer<typeof saveResult>;
const taskRow = z.object({ Id: z.string(), WhoId: z.string().nullable() });

export async function attachNotes(session: SalesforceSession, notes: CrmNote[]): Promise<CrmRecordResult[]> {
  const results: CrmRecordResult[] = [];
  for (let i = 0; i < notes.length; i += CHUNK) results.push(...(await attachChunk(session, notes.slice(i, i + CHUNK))));
  return results;
}

async function attachChunk(session: SalesforceSession, notes: CrmNote[]): Promise<CrmRecordResult[]> {
  const results = new Map<string, CrmRecordResult>();
  const valid = notes.filter((n) => {
    if (SALESFORCE_ID.test(n.externalId)) return true;
    results.set(n.leadId, { leadId: n.leadId, ok: false, reason: "the Lead id Leadline holds is not a Salesforce id", retryable: false });
    return false;
  });
  if (valid.length > 0) {
    const existing = await existingTasks(session, valid.map((n) => n.externalId));
    const updates = valid.filter((n) => existing.has(n.externalId.slice(0, 15)));
    const creates = valid.filter((n) => !existing.has(n.externalId.slice(0, 15)));
    const updateRecords = updates.map((n) => ({ attributes: { type: "Task" }, id: existing.get(n.externalId.slice(0, 15)), Description: describe(n), ActivityDate: activityDate(n) }));
    const createRecords = creates.map((n) => ({ attributes: { type: "Task" }, WhoId: n.externalId, Subject: NOTE_SUBJECT, Status: "Completed", Priority: "Normal", Description: describe(n), ActivityDate: activityDate(n) }));
    collect(results, updates, await save(session, "PATCH", updateRecords, "note.update"));
    collect(results, creates, await save(session, "POST", createRecords, "note.create"));
  }
  return notes.map((n) => results.get(n.leadId) as CrmRecordResult);
}

/** Leadline's Task per Lead (15-character id -> Task id); the oldest wins if a person copied one. */
async function existingTasks(session: SalesforceSession, leadIds: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(leadIds)].map((id) => `'${id}'`).join(",");
  const soql = `SELECT Id, WhoId FROM Task WHERE Subject = '${NOTE_SUBJECT}' AND WhoId IN (${ids}) ORDER BY CreatedDate`;
  const rows = await queryAll(session, soql, taskRow, "note.find");
  const byLead = new Map<string, string>();
  for (const row of rows) if (row.WhoId && !byLead.has(row.WhoId.slice(0, 15))) byLead.set(row.WhoId.slice(0, 15), row.Id);
  return byLead;
}

async function save(session: SalesforceSession, method: "POST" | "PATCH", records: object[], operation: string): Promise<SaveResult[]> {
  if (records.length === 0) return [];
  const answer = await callSalesforce(session, { method, path: "/composite/sobjects", body: { allOrNone: false, records }, operation, schema: saveAnswer });
  if (answer.length !== records.length) throw new CrmUnavailableError(`Salesforce ${operation} answered ${answer.length} results for ${records.length} records`);
  return answer;
}

function collect(results: Map<string, CrmRecordResult>, notes: CrmNote[], saved: SaveResult[]): void {
  notes.forEach((n, i) => {
    const r = saved[i] as SaveResult;
    results.set(n.leadId, r.success ? { leadId: n.leadId, ok: true, externalId: n.externalId, created: false } : { leadId: n.leadId, ok: false, ...recordFailure(r.errors) });
  });
}

/** The summary, then the last messages oldest first, each with its time (UTC) and who wrote it. */
export function describe(note: CrmNote): string {
  const lines = [...note.lastMessages]
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map((m) => `[${m.at.toISOString().slice(0, 16).replace("T", " ")} UTC] ${m.direction === "INBOUND" ? "Lead" : "Us"}: ${m.text}`);
  const text = lines.length > 0 ? `${note.summary}\n\nLast messages:\n${lines.join("\n")}` : note.summary;
  return text.length > DESCRIPTION_MAX ? `${text.slice(0, DESCRIPTION_MAX - 1)}…` : text;
}

function activityDate(note: CrmNote): string {
  const last = note.lastMessages.reduce<Date | null>((max, m) => (!max || m.at > max ? m.at : max), null);
  return (last ?? new Date()).toISOString().slice(0, 10);
}
