import type { CrmProvider } from "@/generated/prisma/client";
import type { RawSql } from "../../infra/db/sql";

/** A run holds its connection this long; a crashed run's lease runs out by itself. */
export const LEASE_MS = 5 * 60_000;
/** A run renews its lease between batches once this much has passed since the last renewal (far inside LEASE_MS). */
export const LEASE_RENEW_MS = 30_000;

export type LeasedConnection = {
  id: string;
  provider: CrmProvider;
  status: "ACTIVE" | "FAILING" | "NEEDS_REAUTH";
  enabled: boolean;
  fieldMapping: unknown;
  outcomeCursor: string | null;
  failingSince: Date | null;
  /** The connection's own interval, else the workspace's. */
  syncMinutes: number;
  /** OAuth tokens (refreshable) rather than an API token or signing secret. */
  oauth: boolean;
};

/**
 * Takes the connection's lease in one statement: it succeeds only when no lease is held or the
 * holder's ran out, so of two concurrent runs exactly one gets the row back and the other does
 * nothing. Returns what the run needs, or null ("busy", or not in this workspace).
 */
export async function takeLease(tx: RawSql, workspaceId: string, connectionId: string, owner: string, now: Date): Promise<LeasedConnection | null> {
  const rows = await tx.$queryRaw<Array<Omit<LeasedConnection, "syncMinutes"> & { syncMinutes: number | null; workspaceMinutes: number | null }>>`
    UPDATE crm_connections c SET "leaseOwner" = ${owner}, "leaseUntil" = ${new Date(now.getTime() + LEASE_MS)}::timestamp(3)
    WHERE c.id = ${connectionId} AND c."workspaceId" = ${workspaceId} AND (c."leaseUntil" IS NULL OR c."leaseUntil" < ${now}::timestamp(3))
    RETURNING c.id, c.provider::text AS provider, c.status::text AS status, c.enabled, c."fieldMapping", c."outcomeCursor", c."failingSince",
              c."syncMinutes", (SELECT w."crmSyncMinutes" FROM workspaces w WHERE w.id = c."workspaceId") AS "workspaceMinutes",
              (c."accessTokenEnc" IS NOT NULL) AS oauth`;
  const row = rows[0];
  if (!row) return null;
  const { workspaceMinutes, ...rest } = row;
  return { ...rest, syncMinutes: row.syncMinutes ?? workspaceMinutes ?? 5 };
}

/** Extends the lease; false when another run has taken it (ours ran out): the caller stops. */
export async function renewLease(tx: RawSql, workspaceId: string, connectionId: string, owner: string, now: Date): Promise<boolean> {
  const changed = await tx.$executeRaw`
    UPDATE crm_connections SET "leaseUntil" = ${new Date(now.getTime() + LEASE_MS)}::timestamp(3)
    WHERE id = ${connectionId} AND "workspaceId" = ${workspaceId} AND "leaseOwner" = ${owner}`;
  return changed > 0;
}

export async function releaseLease(tx: RawSql, workspaceId: string, connectionId: string, owner: string): Promise<void> {
  await tx.$executeRaw`
    UPDATE crm_connections SET "leaseOwner" = NULL, "leaseUntil" = NULL
    WHERE id = ${connectionId} AND "workspaceId" = ${workspaceId} AND "leaseOwner" = ${owner}`;
}
