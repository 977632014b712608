/**
 * Won / lost verdicts from HubSpot deals (docs/crm/hubspot.md#outcomes).
 * 1. `POST .../deals/search`: closed deals (`hs_is_closed` = true) with `hs_lastmodifieddate` >=
 *    the cursor, oldest first, 100 a page, following `paging.next.after`.
 * 2. `POST .../associations/deals/contacts/batch/read`: their contacts.
 * 3. `POST .../contacts/batch/read` with `leadline_id`: which of them are Leadline's leads.
 * The cursor is the last `hs_lastmodifieddate` seen (ISO). GTE means a deal modified in the same
 * millisecond as the cursor is seen again: outcomes are idempotent marks, so a repeat is harmless,
 * while a strict GT could skip a deal. A null cursor starts now (history is not imported).
 */
import { z } from "zod";
import type { CrmCallContext, CrmCredentials, CrmOutcome } from "../crm-connector";
import { callHubSpotData } from "./hubspot-client";
import type { HubSpotConfig } from "./hubspot-config";
import { ID_PROPERTY } from "./hubspot-properties";

/** Search pages per pull: bounds one run (HubSpot's search also stops at 10,000 results); the cursor carries on. */
export const MAX_SEARCH_PAGES = 20;
const PAGE = 100;

const dealPage = z.object({
  results: z.array(z.object({ id: z.string().min(1), properties: z.record(z.string(), z.string().nullable()).default({}) }).passthrough()),
  paging: z.object({ next: z.object({ after: z.string() }).passthrough().optional() }).passthrough().optional(),
});
const associationsAnswer = z.object({
  results: z.array(z.object({ from: z.object({ id: z.union([z.string(), z.number()]) }), to: z.array(z.object({ toObjectId: z.union([z.string(), z.number()]) }).passthrough()) }).passthrough()),
});
const contactsAnswer = z.object({
  results: z.array(z.object({ id: z.string().min(1), properties: z.record(z.string(), z.string().nullable()).default({}) }).passthrough()),
});

type ClosedDeal = { id: string; outcome: "WON" | "LOST"; at: Date };

/** `hs_is_closed_won`, else the default pipeline's stage ids; null for a deal still open. */
export function dealOutcome(properties: Record<string, string | null>): "WON" | "LOST" | null {
  if (properties.hs_is_closed_won === "true" || properties.dealstage === "closedwon") return "WON";
  if (properties.hs_is_closed === "true" || properties.dealstage === "closedlost") return "LOST";
  return null;
}

function dateOf(value: string | null | undefined): Date | null {
  if (!value) return null;
  const d = /^\d+$/.test(value) ? new Date(Number(value)) : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

export async function pullDealOutcomes(config: HubSpotConfig, creds: CrmCredentials, cursor: string | null, ctx: CrmCallContext, now = new Date()): Promise<{ outcomes: CrmOutcome[]; cursor: string }> {
  const since = dateOf(cursor);
  if (!since) return { outcomes: [], cursor: now.toISOString() };

  const deals: ClosedDeal[] = [];
  let latest = since;
  let after: string | undefined;
  for (let page = 0; page < MAX_SEARCH_PAGES; page++) {
    const body = {
      filterGroups: [{ filters: [
        { propertyName: "hs_lastmodifieddate", operator: "GTE", value: String(since.getTime()) },
        { propertyName: "hs_is_closed", operator: "EQ", value: "true" },
      ] }],
      sorts: [{ propertyName: "hs_lastmodifieddate", direction: "ASCENDING" }],
      properties: ["dealstage", "hs_is_closed", "hs_is_closed_won", "hs_lastmodifieddate", "closedate"],
      limit: PAGE,
      ...(after ? { after } : {}),
    };
    const answer = await callHubSpotData(config, creds, ctx, { method: "POST", api: "objects", rest: "deals/search", body, operation: "deals.search" }, dealPage);
    for (const deal of answer.results) {
      const modified = dateOf(deal.properties.hs_lastmodifieddate);
      if (modified && modified > latest) latest = modified;
      const outcome = dealOutcome(deal.properties);
      if (outcome) deals.push({ id: deal.id, outcome, at: dateOf(deal.properties.closedate) ?? modified ?? now });
    }
    after = answer.paging?.next?.after;
    if (!after || answer.results.length === 0) break;
  }
  if (deals.length === 0) return { outcomes: [], cursor: latest.toISOString() };

  // Deal -> contacts, 100 deals a call.
  const contactsOf = new Map<string, string[]>();
  for (let i = 0; i < deals.length; i += PAGE) {
    const inputs = deals.slice(i, i + PAGE).map((d) => ({ id: d.id }));
    const answer = await callHubSpotData(config, creds, ctx, { method: "POST", api: "associations", rest: "deals/contacts/batch/read", body: { inputs }, operation: "deals.contacts" }, associationsAnswer);
    for (const row of answer.results) contactsOf.set(String(row.from.id), row.to.map((t) => String(t.toObjectId)));
  }

  // The latest verdict per contact (a contact with two closed deals gets the newer one).
  const verdicts = new Map<string, { outcome: "WON" | "LOST"; at: Date }>();
  for (const deal of deals) {
    for (const contactId of contactsOf.get(deal.id) ?? []) {
      const known = verdicts.get(contactId);
      if (!known || deal.at >= known.at) verdicts.set(contactId, { outcome: deal.outcome, at: deal.at });
    }
  }

  const keys = new Map<string, string | null>();
  const ids = [...verdicts.keys()];
  for (let i = 0; i < ids.length; i += PAGE) {
    const inputs = ids.slice(i, i + PAGE).map((id) => ({ id }));
    const answer = await callHubSpotData(config, creds, ctx, { method: "POST", api: "objects", rest: "contacts/batch/read", body: { inputs, properties: [ID_PROPERTY] }, operation: "contacts.read" }, contactsAnswer);
    for (const row of answer.results) keys.set(row.id, row.properties[ID_PROPERTY] || null);
  }
  const outcomes = [...verdicts].map(([externalId, v]) => ({ externalId, externalKey: keys.get(externalId) ?? null, outcome: v.outcome, at: v.at }));
  return { outcomes, cursor: latest.toISOString() };
}
