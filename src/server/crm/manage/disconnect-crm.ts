import type { CrmProvider } from "@/generated/prisma/client";
import { recordAudit } from "../../audit/record-audit";
import { decryptOptional } from "../../infra/crypto/field-crypto";
import { AppError } from "../../infra/errors/app-error";
import { logger } from "../../infra/logger";
import { crmOAuthProviderForProvider } from "../crm-registry";
import type { CrmActor } from "./crm-actor";

type Locked = { id: string; provider: CrmProvider; accessTokenEnc: string | null; refreshTokenEnc: string | null };

/**
 * Disconnects a CRM: the connection row is deleted under a row lock (a token refresh cannot
 * write tokens back; its lead links and run history go with it) and audited, in one
 * transaction. After commit the OAuth grant is revoked where the CRM allows it (the refresh
 * token, which ends the whole grant, else the access token); a failed revoke is logged, not
 * fatal: Leadline holds no credentials for it any more either way. Records already in the CRM
 * stay there.
 */
export async function disconnectCrm(actor: CrmActor, connectionId: string): Promise<{ disconnected: true }> {
  const locked = await actor.tenant(async (tx) => {
    const rows = await tx.$queryRaw<Locked[]>`
      SELECT id, provider::text AS provider, "accessTokenEnc", "refreshTokenEnc"
        FROM crm_connections WHERE id = ${connectionId} AND "workspaceId" = ${actor.workspaceId} FOR UPDATE`;
    const row = rows[0];
    if (!row) throw new AppError("NOT_FOUND", "CRM connection not found.");
    const links = await tx.crmLeadLink.count({ where: { workspaceId: actor.workspaceId, connectionId } });
    await tx.crmConnection.delete({ where: { id: row.id } });
    await recordAudit(tx, actor.workspaceId, {
      actor: { type: "USER", id: actor.userId },
      action: "crm.disconnected",
      target: { type: "crm_connection", id: row.id },
      metadata: { provider: row.provider, links },
    });
    return row;
  });
  await revokeGrant(actor, locked);
  return { disconnected: true };
}

async function revokeGrant(actor: CrmActor, connection: Locked): Promise<void> {
  const provider = crmOAuthProviderForProvider(connection.provider);
  const token = decryptOptional(connection.refreshTokenEnc) ?? decryptOptional(connection.accessTokenEnc);
  if (!provider?.revoke || !token) return;
  await provider.revoke(token).catch((error: unknown) =>
    logger.warn({ workspaceId: actor.workspaceId, connectionId: connection.id, provider: connection.provider, err: { type: error instanceof Error ? error.name : typeof error } }, "crm token revoke on disconnect failed"),
  );
}
