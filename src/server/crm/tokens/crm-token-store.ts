import { recordAuditMany } from "../../audit/record-audit";
import type { StoredTokens, TokenStore } from "../../channels/tokens/token-store";

/**
 * `crm_connections` as a TokenStore for the shared token manager (refresh-account-token.ts): the
 * same row lock, single refresh and needs-reauth marking channels use. FAILING is a sync state
 * (the CRM was down, a mapping is wrong), not a token state, so it counts as ACTIVE here.
 */
export const crmTokenStore: TokenStore = {
  kind: "CRM connection",
  async lock(tx, workspaceId, id) {
    const rows = await tx.$queryRaw<StoredTokens[]>`
      SELECT CASE WHEN status = 'NEEDS_REAUTH' THEN 'NEEDS_REAUTH' ELSE 'ACTIVE' END AS status,
             "accessTokenEnc", "refreshTokenEnc", "tokenExpiresAt"
      FROM crm_connections WHERE id = ${id} AND "workspaceId" = ${workspaceId} FOR UPDATE`;
    return rows[0] ?? null;
  },
  async save(tx, workspaceId, id, tokens, now) {
    await tx.$executeRaw`
      UPDATE crm_connections SET "accessTokenEnc" = ${tokens.accessTokenEnc}, "refreshTokenEnc" = ${tokens.refreshTokenEnc},
             "tokenExpiresAt" = ${tokens.expiresAt}::timestamp(3), "updatedAt" = ${now}::timestamp(3)
      WHERE id = ${id} AND "workspaceId" = ${workspaceId}`;
  },
  async markNeedsReauth(tx, outbox, workspaceId, id, reason, now) {
    await markCrmNeedsReauth(tx, outbox, workspaceId, id, reason, now);
  },
};

/**
 * Marks a connection NEEDS_REAUTH (once: an already-marked one is left alone, so repeated
 * failures never pile up audit rows), with the audit entry `crm.needs_reauth` (reason code only)
 * and a `crm.status` realtime event. Its leads keep their links untouched and wait for the
 * reconnect. Returns whether it changed.
 */
export async function markCrmNeedsReauth(
  tx: Parameters<TokenStore["save"]>[0],
  outbox: Parameters<TokenStore["markNeedsReauth"]>[1],
  workspaceId: string,
  id: string,
  reason: string,
  now = new Date(),
): Promise<boolean> {
  const changed = await tx.$queryRaw<Array<{ id: string; provider: string }>>`
    UPDATE crm_connections SET status = 'NEEDS_REAUTH', "lastError" = ${"The CRM refused the credentials: reconnect it in Settings -> CRM."},
           "updatedAt" = ${now}::timestamp(3)
    WHERE id = ${id} AND "workspaceId" = ${workspaceId} AND status <> 'NEEDS_REAUTH'
    RETURNING id, provider::text AS provider`;
  const row = changed[0];
  if (!row) return false;
  await recordAuditMany(tx, workspaceId, [{ actor: { type: "SYSTEM" }, action: "crm.needs_reauth", target: { type: "crm_connection", id }, metadata: { reason, provider: row.provider } }], now);
  outbox.event({ type: "crm.status", connectionId: id, status: "needs_reauth" });
  return true;
}
