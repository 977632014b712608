import { stringify } from "csv-stringify/sync";
import { describeAuditAction, describeAuditTarget } from "@/shared/audit/audit-action-names";
import type { Tx } from "../infra/db/tenant";
import { logger } from "../infra/logger";
import { neutraliseFormula } from "../leads/export-leads-csv";
import { listMembers } from "../members/members";
import { AUDIT_ORDER, auditWhere, describeAuditFilters, type AuditCursor, type AuditFilters } from "./audit-query";
import { AUDIT_SELECT } from "./list-audit";
import { recordAudit } from "./record-audit";

/** Entries read per tenant transaction while the file streams. */
export const AUDIT_EXPORT_BATCH = 500;

export const AUDIT_CSV_COLUMNS = ["Time (UTC)", "Action", "Action code", "Actor type", "Actor", "Target", "Target id", "Details"] as const;

type Entry = { id: string; actorType: "USER" | "SYSTEM" | "AI"; actorId: string | null; action: string; targetType: string | null; targetId: string | null; metadata: unknown; createdAt: Date };

export type AuditExporter = { workspaceId: string; userId: string };
export type AuditExportDeps = {
  tenant: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;
  /** One page of entries after `cursor` (tests count or fail it). */
  fetchPage?: (tx: Tx, workspaceId: string, filters: AuditFilters, cursor: AuditCursor | null, limit: number) => Promise<Entry[]>;
  batchSize?: number;
};

async function fetchAuditPage(tx: Tx, workspaceId: string, filters: AuditFilters, cursor: AuditCursor | null, limit: number): Promise<Entry[]> {
  return tx.auditLog.findMany({ where: auditWhere(workspaceId, filters, cursor), orderBy: [...AUDIT_ORDER], take: limit, select: AUDIT_SELECT });
}

/** The same actor words as the audit log page: members by name (or email, as the page shows). */
function actorName(entry: Entry, people: Map<string, string>): string {
  if (entry.actorType === "SYSTEM") return "Leadline (system)";
  if (entry.actorType === "AI") return "AI agent";
  return (entry.actorId && people.get(entry.actorId)) || "Former member";
}

function toRecord(entry: Entry, people: Map<string, string>): string[] {
  const details = entry.metadata && typeof entry.metadata === "object" && Object.keys(entry.metadata).length > 0 ? JSON.stringify(entry.metadata) : "";
  return [
    entry.createdAt.toISOString(), describeAuditAction(entry.action), entry.action, entry.actorType, actorName(entry, people),
    entry.targetType ? describeAuditTarget(entry.targetType) : "", entry.targetId ?? "", details,
  ].map(neutraliseFormula);
}

/**
 * The filtered audit log as CSV, streamed newest first: a header, then one keyset batch per pull,
 * each in its own short tenant transaction. The columns are what the audit log page shows (the
 * entries' metadata holds ids, flags and counts only, never message text or tokens); formula
 * cells are neutralised. The export itself is audited (`audit.export`, count and filters) once
 * it ends, completed, failed or cancelled. A failing batch errors the stream, never a file that
 * looks complete.
 */
export function streamAuditCsv(exporter: AuditExporter, filters: AuditFilters, deps: AuditExportDeps): ReadableStream<Uint8Array> {
  const fetchPage = deps.fetchPage ?? fetchAuditPage;
  const batchSize = deps.batchSize ?? AUDIT_EXPORT_BATCH;
  const encoder = new TextEncoder();
  let people: Map<string, string> | null = null;
  let cursor: AuditCursor | null = null;
  let count = 0;
  let finished = false;
  const audit = (outcome: "completed" | "failed" | "cancelled") => {
    finished = true;
    return deps.tenant((tx) =>
      recordAudit(tx, exporter.workspaceId, { actor: { type: "USER", id: exporter.userId }, action: "audit.export", metadata: { outcome, count, filters: describeAuditFilters(filters) } }),
    );
  };

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!people) {
          const members = await deps.tenant((tx) => listMembers(tx, exporter.workspaceId));
          people = new Map(members.map((m) => [m.userId, m.name ?? m.email]));
          controller.enqueue(encoder.encode(stringify([[...AUDIT_CSV_COLUMNS]], { bom: true })));
          return;
        }
        const page = await deps.tenant((tx) => fetchPage(tx, exporter.workspaceId, filters, cursor, batchSize));
        if (page.length > 0) {
          count += page.length;
          const known = people;
          controller.enqueue(encoder.encode(stringify(page.map((e) => toRecord(e, known)))));
          const last = page.at(-1)!;
          cursor = { createdAt: last.createdAt, id: last.id };
        }
        if (page.length < batchSize) {
          await audit("completed");
          controller.close();
        }
      } catch (error) {
        logger.error({ workspaceId: exporter.workspaceId, rows: count, err: error instanceof Error ? error.name : "unknown" }, "audit export failed");
        if (!finished) await audit("failed").catch(() => undefined);
        controller.error(new Error("The export stopped: the audit log could not be read. Try again."));
      }
    },
    async cancel() {
      if (!finished) await audit("cancelled").catch(() => undefined);
    },
  }, { highWaterMark: 0 });
}
