import { z } from "zod";
import type { CrmOutcome } from "../crm-connector";
import type { SalesforceSession } from "./salesforce-client";
import { parseSalesforceDate, queryPages, soqlDateTime, soqlString } from "./soql-query";

/**
 * Won / lost from Lead changes since the cursor (an ISO time: the last LastModifiedDate seen).
 * Converted -> WON; not converted with a "lost" status (default "Closed - Not Converted", the
 * standard picklist's value) -> LOST. Only Leads carrying Leadline's external id are read, and
 * only outcome rows, so a busy org does not page through every edit. A Lead seen twice gives
 * the same outcome twice: applying one is idempotent.
 */
export async function pullLeadOutcomes(session: SalesforceSession, cursor: string | null, now = new Date()): Promise<{ outcomes: CrmOutcome[]; cursor: string }> {
  const since = cursor ? new Date(cursor) : null;
  // No cursor (or one we cannot read): outcomes from now on, as the contract says.
  if (!since || Number.isNaN(since.getTime())) return { outcomes: [], cursor: now.toISOString() };

  const { externalIdField: ext, lostStatuses } = session.settings;
  const closed = lostStatuses.length > 0 ? ` OR (IsConverted = false AND Status IN (${lostStatuses.map(soqlString).join(", ")}))` : "";
  const soql =
    `SELECT Id, ${ext}, Status, IsConverted, LastModifiedDate FROM Lead ` +
    `WHERE LastModifiedDate > ${soqlDateTime(since)} AND ${ext} != null AND (IsConverted = true${closed}) ` +
    `ORDER BY LastModifiedDate, Id`;
  const row = z.object({ Id: z.string(), Status: z.string().nullable(), IsConverted: z.boolean(), LastModifiedDate: z.string() }).catchall(z.unknown());
  const { rows, complete } = await queryPages(session, soql, row, "lead.outcomes");

  const outcomes: CrmOutcome[] = [];
  let latest = since;
  for (const r of rows) {
    const at = parseSalesforceDate(r.LastModifiedDate);
    if (!at) continue;
    if (at > latest) latest = at;
    const won = r.IsConverted;
    if (!won && !lostStatuses.includes(r.Status ?? "")) continue;
    const key: unknown = r[ext];
    outcomes.push({ externalId: r.Id, externalKey: typeof key === "string" ? key : null, outcome: won ? "WON" : "LOST", at });
  }
  // Pages left over: rows sharing the last second may sit on the next page, so resume one second earlier.
  const next = complete || latest.getTime() === since.getTime() ? latest : new Date(latest.getTime() - 1000);
  return { outcomes, cursor: next.toISOString() };
}
