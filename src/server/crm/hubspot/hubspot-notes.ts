/**
 * The conversation as a HubSpot note on the contact (docs/crm/hubspot.md#notes).
 * `POST .../notes/batch/create`, at most 100 per call, each associated to its contact with the
 * HubSpot-defined note -> contact association type 202. One note per sync of a changed lead:
 * the engine attaches notes only for leads whose version changed, so a contact's timeline shows
 * how the conversation moved, and nothing needs a note id stored on our side. The trade-off: a
 * lead that changes often gets several notes, and a retry after a lost answer can add a second
 * copy of the same note (notes have no unique property to upsert by).
 */
import { z } from "zod";
import type { CrmCallContext, CrmCredentials, CrmNote, CrmRecordResult } from "../crm-connector";
import { callHubSpot } from "./hubspot-client";
import type { HubSpotConfig } from "./hubspot-config";
import { hubspotErrorFor, isTransientCategory, parseErrorBody } from "./hubspot-errors";
import { contextStrings, HUBSPOT_BATCH_SIZE, recordReason, type BatchError } from "./hubspot-upsert";

export const NOTE_TO_CONTACT = 202;
/** hs_note_body holds 65,536 characters; HTML escaping can grow the text, so leave room. */
const MAX_BODY = 60_000;
const MAX_MESSAGE = 2_000;

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The note's HTML: the summary, then the last messages oldest first. */
export function noteBody(note: CrmNote): string {
  const lines = [...note.lastMessages]
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map((m) => `<li><strong>${m.direction === "INBOUND" ? "Customer" : "You"}</strong> (${m.at.toISOString().slice(0, 16).replace("T", " ")} UTC): ${escape(m.text.slice(0, MAX_MESSAGE))}</li>`);
  const html = `<p><strong>Leadline conversation</strong></p><p>${escape(note.summary)}</p>${lines.length ? `<ul>${lines.join("")}</ul>` : ""}`;
  return html.length > MAX_BODY ? `${html.slice(0, MAX_BODY)}…` : html;
}

const createAnswer = z.object({
  results: z.array(z.object({ id: z.string().min(1), objectWriteTraceId: z.string().optional() }).passthrough()),
  errors: z.array(z.object({ category: z.string().optional(), message: z.string().optional(), context: z.record(z.string(), z.unknown()).optional(), objectWriteTraceId: z.string().optional() }).passthrough()).optional(),
});

export async function createNotes(config: HubSpotConfig, creds: CrmCredentials, notes: CrmNote[], ctx: CrmCallContext, now = new Date()): Promise<CrmRecordResult[]> {
  if (notes.length > HUBSPOT_BATCH_SIZE) throw new RangeError(`HubSpot creates at most ${HUBSPOT_BATCH_SIZE} notes per call, got ${notes.length}`);
  if (notes.length === 0) return [];
  const inputs = notes.map((n) => ({
    objectWriteTraceId: n.leadId,
    properties: { hs_timestamp: now.toISOString(), hs_note_body: noteBody(n) },
    associations: [{ to: { id: n.externalId }, types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: NOTE_TO_CONTACT }] }],
  }));
  const answer = await callHubSpot(config, creds, ctx, { method: "POST", api: "objects", rest: "notes/batch/create", body: { inputs }, operation: "notes.create", accept: [400] }, createAnswer);
  if (!answer.ok) {
    // A 400 for a batch of one is that note's problem (its contact was deleted, say); a larger
    // batch is split so the other notes still land.
    const body = parseErrorBody(answer.body);
    if (body?.category !== "VALIDATION_ERROR") throw hubspotErrorFor("notes.create", answer.status, answer.body, answer.headers, creds.metadata.timeZone);
    if (notes.length === 1) return [{ leadId: notes[0]!.leadId, ok: false, reason: recordReason(body as BatchError), retryable: false }];
    const half = Math.ceil(notes.length / 2);
    return [...(await createNotes(config, creds, notes.slice(0, half), ctx, now)), ...(await createNotes(config, creds, notes.slice(half), ctx, now))];
  }
  const byLead = new Map(notes.map((n) => [n.leadId, n]));
  const results = new Map<string, CrmRecordResult>();
  const unmatched: string[] = [];
  for (const row of answer.data.results) {
    const note = row.objectWriteTraceId ? byLead.get(row.objectWriteTraceId) : undefined;
    if (note) results.set(note.leadId, { leadId: note.leadId, ok: true, externalId: row.id, created: true });
    else unmatched.push(row.id);
  }
  for (const error of answer.data.errors ?? []) {
    for (const trace of [...contextStrings(error as BatchError, "objectWriteTraceId"), error.objectWriteTraceId]) {
      const note = trace ? byLead.get(trace) : undefined;
      if (note && !results.has(note.leadId)) results.set(note.leadId, { leadId: note.leadId, ok: false, reason: recordReason(error as BatchError), retryable: isTransientCategory(error.category) });
    }
  }
  // Results without a trace id: HubSpot keeps input order when every input succeeded.
  if (unmatched.length > 0 && answer.data.results.length === notes.length && !answer.data.errors?.length) {
    notes.forEach((n, i) => results.set(n.leadId, { leadId: n.leadId, ok: true, externalId: answer.data.results[i]!.id, created: true }));
  }
  return notes.map((n) => results.get(n.leadId) ?? { leadId: n.leadId, ok: false, reason: `HubSpot answered ${answer.status} without a result for this note`, retryable: true });
}
