/**
 * Won / lost deals since the cursor: GET /api/v2/deals?status=won,lost&updated_since=<cursor>
 * &sort_by=update_time&sort_direction=asc (10 tokens a page of up to 500, cursor paging), then the
 * deals' persons in pages of 100 ids (GET /api/v2/persons?ids=...&custom_fields=<key field>,
 * 10 tokens) to read Leadline's key. The cursor is the last update_time seen (RFC 3339);
 * `updated_since` is inclusive, so the boundary deal comes back once more: reporting the same
 * verdict twice is harmless. Deals without a person are skipped.
 */
import type { CrmCallContext, CrmCredentials, CrmOutcome } from "../crm-connector";
import { callPipedrive } from "./pipedrive-client";
import { cachedKeyField, loadFields } from "./pipedrive-fields";
import { dealsAnswer, personsAnswer, type PipedriveDeal } from "./pipedrive-schemas";

/** Pages read per pull; the rest waits for the next pull (the cursor only moves past what was read). */
const MAX_DEAL_PAGES = 10;
const IDS_PER_CALL = 100;

async function keysOf(creds: CrmCredentials, ctx: CrmCallContext, personIds: number[]): Promise<Map<number, string>> {
  const keys = new Map<number, string>();
  if (personIds.length === 0) return keys;
  const keyField = cachedKeyField(creds.connectionId) ?? (await loadFields(creds, ctx, false))?.keyFieldKey ?? null;
  if (!keyField) return keys;
  for (let i = 0; i < personIds.length; i += IDS_PER_CALL) {
    const ids = personIds.slice(i, i + IDS_PER_CALL);
    const answer = await callPipedrive(
      creds, ctx,
      { method: "GET", path: "/api/v2/persons", query: { ids: ids.join(","), custom_fields: keyField, limit: String(IDS_PER_CALL) }, operation: "persons.list" },
      personsAnswer,
    );
    for (const person of answer.data ?? []) {
      const key = person.custom_fields?.[keyField];
      if (typeof key === "string" && key !== "") keys.set(person.id, key);
    }
  }
  return keys;
}

export async function pullOutcomes(creds: CrmCredentials, ctx: CrmCallContext, cursor: string | null, now: () => Date = () => new Date()): Promise<{ outcomes: CrmOutcome[]; cursor: string }> {
  // No cursor: start from now (verdicts from before the connection are not Leadline's to learn from).
  if (cursor === null || Number.isNaN(Date.parse(cursor))) return { outcomes: [], cursor: now().toISOString().replace(/\.\d{3}Z$/, "Z") };
  const deals: PipedriveDeal[] = [];
  let page: string | undefined;
  for (let i = 0; i < MAX_DEAL_PAGES; i++) {
    const answer = await callPipedrive(
      creds, ctx,
      { method: "GET", path: "/api/v2/deals", query: { status: "won,lost", updated_since: cursor, sort_by: "update_time", sort_direction: "asc", limit: "500", cursor: page }, operation: "deals.list" },
      dealsAnswer,
    );
    deals.push(...(answer.data ?? []));
    page = answer.additional_data?.next_cursor ?? undefined;
    if (!page) break;
  }
  const closed = deals.filter((d): d is PipedriveDeal & { person_id: number } => (d.status === "won" || d.status === "lost") && typeof d.person_id === "number");
  const keys = await keysOf(creds, ctx, [...new Set(closed.map((d) => d.person_id))]);
  const outcomes: CrmOutcome[] = closed.map((d) => {
    const at = (d.status === "won" ? d.won_time : d.lost_time) ?? d.update_time;
    return { externalId: String(d.person_id), externalKey: keys.get(d.person_id) ?? null, outcome: d.status === "won" ? "WON" : "LOST", at: new Date(at) };
  });
  const latest = deals.reduce((max, d) => (Date.parse(d.update_time) > Date.parse(max) ? d.update_time : max), cursor);
  return { outcomes, cursor: latest };
}
