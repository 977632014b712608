/**
 * The conversation as one note per person, replaced on every sync rather than piled up:
 * GET /v1/notes?person_id= (20 tokens) finds Leadline's note by its heading, then PUT
 * /v1/notes/{id} (10) replaces it, or POST /v1/notes (10) adds it with person_id (and lead_id
 * when this process created or saw the person's lead). Content is HTML: every value is escaped.
 */
import type { CrmCallContext, CrmCredentials, CrmNote, CrmRecordResult } from "../crm-connector";
import { callPipedrive } from "./pipedrive-client";
import { PipedriveNotFoundError, PipedriveRejectedError } from "./pipedrive-errors";
import { noteAnswer, notesAnswer } from "./pipedrive-schemas";
import { knownLeadId } from "./pipedrive-upsert";

export const NOTE_HEADING = "Leadline conversation";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function noteContent(note: CrmNote): string {
  const lines = note.lastMessages.map((m) => `<li><b>${m.direction === "INBOUND" ? "Customer" : "You"}</b> (${escapeHtml(m.at.toISOString())}): ${escapeHtml(m.text)}</li>`);
  return `<p><b>${NOTE_HEADING}</b></p><p>${escapeHtml(note.summary)}</p>${lines.length > 0 ? `<ul>${lines.join("")}</ul>` : ""}`;
}

async function attachOne(creds: CrmCredentials, ctx: CrmCallContext, note: CrmNote): Promise<CrmRecordResult> {
  if (!/^\d+$/.test(note.externalId)) return { leadId: note.leadId, ok: false, reason: "The lead has no Pipedrive person id yet", retryable: true };
  const personId = Number(note.externalId);
  const content = noteContent(note);
  const existing = await callPipedrive(creds, ctx, { method: "GET", path: "/api/v1/notes", query: { person_id: String(personId), limit: "100" }, operation: "notes.list" }, notesAnswer);
  const ours = (existing.data ?? []).find((n) => (n.content ?? "").includes(NOTE_HEADING));
  if (ours) {
    await callPipedrive(creds, ctx, { method: "PUT", path: `/api/v1/notes/${ours.id}`, body: { content }, operation: "notes.update" }, noteAnswer);
  } else {
    const leadId = knownLeadId(creds.connectionId, personId);
    await callPipedrive(creds, ctx, { method: "POST", path: "/api/v1/notes", body: { content, person_id: personId, ...(leadId ? { lead_id: leadId } : {}) }, operation: "notes.add" }, noteAnswer);
  }
  return { leadId: note.leadId, ok: true, externalId: String(personId), created: !ours };
}

export async function attachNotes(creds: CrmCredentials, ctx: CrmCallContext, notes: CrmNote[]): Promise<CrmRecordResult[]> {
  const results: CrmRecordResult[] = [];
  for (const note of notes) {
    try {
      results.push(await attachOne(creds, ctx, note));
    } catch (error) {
      if (error instanceof PipedriveNotFoundError) results.push({ leadId: note.leadId, ok: false, reason: "Pipedrive no longer has the person or note", retryable: false });
      else if (error instanceof PipedriveRejectedError) results.push({ leadId: note.leadId, ok: false, reason: `Pipedrive refused the note (HTTP ${error.status}): ${error.reason}`, retryable: false });
      else throw error;
    }
  }
  return results;
}
