import { stringify } from "csv-stringify/sync";
import { recordAudit } from "../audit/record-audit";
import type { Tx } from "../infra/db/tenant";
import { logger } from "../infra/logger";
import { describeFilters, type LeadFilters } from "./lead-query";
import { fetchLeadPage, type LeadListItem, type LeadReader } from "./list-leads";

/** Leads read per tenant transaction while the file streams. */
export const EXPORT_BATCH = 500;

export const CSV_COLUMNS = [
  "Lead id", "Name", "Handle", "Platform", "Channel", "Tier", "Score", "Reason", "Tags", "Last intent", "Status", "Owner", "Last contact", "Created", "CRM",
] as const;

/**
 * A cell a spreadsheet would run as a formula (= + - @, or a leading tab or carriage return,
 * which some spreadsheets strip before reading the rest) gets a leading apostrophe, so it shows
 * as text (OWASP "CSV injection").
 */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function toRecord(lead: LeadListItem): string[] {
  const cells = [
    lead.id, lead.contactName, lead.handle ?? "", lead.platform, lead.channelName, lead.tier, String(lead.score), lead.reason, lead.tags.join("; "),
    lead.lastIntent ?? "", lead.status, lead.owner?.name ?? "", lead.lastContactAt?.toISOString() ?? "", lead.createdAt.toISOString(),
    lead.crm.map((l) => `${l.provider}:${l.state}`).join("; "),
  ];
  return cells.map(neutraliseFormula);
}

export type ExportDeps = {
  /** Runs one batch's reads in a tenant transaction of the reader's workspace. */
  tenant: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;
  fetchPage?: typeof fetchLeadPage;
  batchSize?: number;
};

/**
 * The filtered leads as CSV, streamed: a header, then one keyset batch per pull (each in its own
 * short tenant transaction, so a large export never holds a transaction or every row at once).
 * When it has written the last row it records `leads.export` in the audit log (the count and the
 * filters, no contact data). A failing batch errors the stream (the download breaks off, never
 * a truncated file that looks complete) and is logged and audited as failed where the database
 * still answers.
 */
export function streamLeadsCsv(reader: LeadReader, filters: LeadFilters, deps: ExportDeps): ReadableStream<Uint8Array> {
  const fetchPage = deps.fetchPage ?? fetchLeadPage;
  const batchSize = deps.batchSize ?? EXPORT_BATCH;
  const encoder = new TextEncoder();
  let cursor: string | null = null;
  let count = 0;
  let started = false;
  const audit = (outcome: "completed" | "failed" | "cancelled") =>
    deps.tenant((tx) =>
      recordAudit(tx, reader.workspaceId, {
        actor: { type: "USER", id: reader.userId },
        action: "leads.export",
        metadata: { outcome, count, filters: describeFilters(filters) },
      }),
    );

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(stringify([[...CSV_COLUMNS]], { bom: true })));
          return;
        }
        const page = await deps.tenant((tx) => fetchPage(tx, reader, { ...filters, cursor, limit: batchSize }));
        if (page.length > 0) {
          count += page.length;
          controller.enqueue(encoder.encode(stringify(page.map(toRecord))));
        }
        if (page.length < batchSize) {
          await audit("completed");
          controller.close();
          return;
        }
        cursor = page.at(-1)!.cursor;
      } catch (error) {
        logger.error({ workspaceId: reader.workspaceId, rows: count, err: error instanceof Error ? error.name : "unknown" }, "leads export failed");
        await audit("failed").catch(() => undefined);
        controller.error(new Error("The export stopped: the leads could not be read. Try again."));
      }
    },
    async cancel() {
      await audit("cancelled").catch(() => undefined);
    },
  }, { highWaterMark: 0 });
}
