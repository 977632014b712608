import type { CrmConnectionStatus, CrmProvider } from "@/generated/prisma/client";
import { AppError } from "../../infra/errors/app-error";
import type { Tx } from "../../infra/db/tenant";
import { parseMapping } from "./field-mapping";
import type { FieldMapping } from "../crm-connector";

export type LoadedConnection = { id: string; provider: CrmProvider; label: string; status: CrmConnectionStatus; enabled: boolean; mapping: FieldMapping };

/** One connection of the actor's workspace, without credentials; NOT_FOUND otherwise (another workspace's id reads the same). */
export async function loadConnection(tx: Tx, workspaceId: string, connectionId: string): Promise<LoadedConnection> {
  const row = await tx.crmConnection.findFirst({
    where: { id: connectionId, workspaceId },
    select: { id: true, provider: true, label: true, status: true, enabled: true, fieldMapping: true },
  });
  if (!row) throw new AppError("NOT_FOUND", "CRM connection not found.");
  return { id: row.id, provider: row.provider, label: row.label, status: row.status, enabled: row.enabled, mapping: parseMapping(row.fieldMapping) };
}
