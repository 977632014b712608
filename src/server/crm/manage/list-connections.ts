import type { CrmConnectionStatus, CrmLinkState, CrmProvider } from "@/generated/prisma/client";
import type { FieldMapping } from "../crm-connector";
import type { CrmActor } from "./crm-actor";
import { parseMapping } from "./field-mapping";

export type CrmLinkCounts = Record<CrmLinkState, number>;

export type CrmConnectionSummary = {
  id: string;
  provider: CrmProvider;
  label: string;
  status: CrmConnectionStatus;
  enabled: boolean;
  lastError: string | null;
  failingSince: Date | null;
  lastSyncAt: Date | null;
  nextSyncAt: Date | null;
  /** The connection's own interval; null: the workspace's. */
  syncMinutes: number | null;
  /** What applies: its own interval, else the workspace's. */
  effectiveSyncMinutes: number;
  /** A run holds the lease right now. */
  running: boolean;
  mapping: FieldMapping;
  /** Webhook connections: the host posted to (the full URL only to admins: it may carry a token). */
  webhookHost: string | null;
  webhookUrl: string | null;
  connectedAt: Date;
  counts: CrmLinkCounts;
};

const EMPTY_COUNTS: CrmLinkCounts = { PENDING: 0, SYNCED: 0, FAILED: 0, DEAD: 0 };

/** The workspace's CRM connections for the Settings -> CRM page: no tokens or secrets for anyone. */
export async function listCrmConnections(actor: CrmActor, now = new Date()): Promise<CrmConnectionSummary[]> {
  return actor.tenant(async (tx) => {
    const [rows, counts, workspace] = await Promise.all([
      tx.crmConnection.findMany({
        where: { workspaceId: actor.workspaceId },
        orderBy: { createdAt: "asc" },
        select: {
          id: true, provider: true, label: true, status: true, enabled: true, lastError: true, failingSince: true, lastSyncAt: true, nextSyncAt: true,
          syncMinutes: true, leaseUntil: true, fieldMapping: true, metadata: true, createdAt: true,
        },
      }),
      tx.crmLeadLink.groupBy({ by: ["connectionId", "state"], where: { workspaceId: actor.workspaceId }, _count: { _all: true } }),
      tx.workspace.findUniqueOrThrow({ where: { id: actor.workspaceId }, select: { crmSyncMinutes: true } }),
    ]);
    return rows.map((row) => {
      const url = row.provider === "WEBHOOK" ? webhookUrlOf(row.metadata) : null;
      const own = { ...EMPTY_COUNTS };
      for (const c of counts) if (c.connectionId === row.id) own[c.state] = c._count._all;
      return {
        id: row.id, provider: row.provider, label: row.label, status: row.status, enabled: row.enabled, lastError: row.lastError,
        failingSince: row.failingSince, lastSyncAt: row.lastSyncAt, nextSyncAt: row.nextSyncAt,
        syncMinutes: row.syncMinutes, effectiveSyncMinutes: row.syncMinutes ?? workspace.crmSyncMinutes,
        running: row.leaseUntil !== null && row.leaseUntil > now,
        mapping: parseMapping(row.fieldMapping),
        webhookHost: url ? hostOf(url) : null,
        webhookUrl: url && actor.role === "ADMIN" ? url : null,
        connectedAt: row.createdAt,
        counts: own,
      };
    });
  });
}

function webhookUrlOf(metadata: unknown): string | null {
  return typeof metadata === "object" && metadata !== null && "url" in metadata && typeof metadata.url === "string" ? metadata.url : null;
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}
