import { createHash } from "node:crypto";
import type { CrmLeadRecord, CrmNote, FieldMapping, LeadlineField } from "../crm-connector";

/** What a receiver gets for each lead (docs/crm/webhook.md): its stable key, version and the mapped fields. */
export type WebhookLead = { key: string; version: number; externalId: string | null; fields: Record<string, unknown> };
export type WebhookNote = { key: string; externalId: string; summary: string; lastMessages: Array<{ direction: string; text: string; at: string }> };

export type WebhookBody =
  | { type: "leads.upsert"; deliveryId: string; sentAt: string; leads: WebhookLead[] }
  | { type: "leads.notes"; deliveryId: string; sentAt: string; notes: WebhookNote[] }
  | { type: "ping"; deliveryId: string; sentAt: string };

export function toWebhookLead(record: CrmLeadRecord, mapping: FieldMapping): WebhookLead {
  const fields: Record<string, unknown> = {};
  for (const [field, name] of Object.entries(mapping) as Array<[LeadlineField, string | undefined]>) {
    if (name) fields[name] = record.values[field];
  }
  return { key: record.externalKey, version: record.version, externalId: record.externalId, fields };
}

export function toWebhookNote(note: CrmNote): WebhookNote {
  return {
    key: note.leadId,
    externalId: note.externalId,
    summary: note.summary,
    lastMessages: note.lastMessages.map((m) => ({ direction: m.direction, text: m.text, at: m.at.toISOString() })),
  };
}

/**
 * The `Leadline-Delivery-Id`: a hash of what the batch carries (each lead's key and version; each
 * note's key and content), not of when it was sent. A batch retried after a timeout or a crash
 * carries the same id, so a receiver that stores ids can drop the repeat.
 */
export function deliveryIdFor(type: WebhookBody["type"], parts: string[]): string {
  const hash = createHash("sha256").update(type);
  for (const part of [...parts].sort()) hash.update("\n").update(part);
  return `dlv_${hash.digest("hex").slice(0, 32)}`;
}

export const leadPart = (lead: WebhookLead) => `${lead.key}@${lead.version}`;
export const notePart = (note: WebhookNote) => `${note.key}:${createHash("sha256").update(JSON.stringify([note.summary, note.lastMessages])).digest("hex")}`;
