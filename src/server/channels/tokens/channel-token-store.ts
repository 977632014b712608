import type { TokenStore, StoredTokens } from "./token-store";
import { markChannelsNeedReauth } from "./mark-channels-need-reauth";

/** The channels table as a TokenStore. */
export const channelTokenStore: TokenStore = {
  kind: "channel",
  async lock(tx, workspaceId, id) {
    const rows = await tx.$queryRaw<StoredTokens[]>`
      SELECT status::text AS status, "accessTokenEnc", "refreshTokenEnc", "tokenExpiresAt"
      FROM channels WHERE id = ${id} AND "workspaceId" = ${workspaceId} FOR UPDATE`;
    return rows[0] ?? null;
  },
  async save(tx, workspaceId, id, tokens, now) {
    await tx.$executeRaw`
      UPDATE channels SET "accessTokenEnc" = ${tokens.accessTokenEnc}, "refreshTokenEnc" = ${tokens.refreshTokenEnc},
             "tokenExpiresAt" = ${tokens.expiresAt}::timestamp(3), "updatedAt" = ${now}::timestamp(3)
      WHERE id = ${id} AND "workspaceId" = ${workspaceId}`;
  },
  async markNeedsReauth(tx, outbox, workspaceId, id, reason, now) {
    await markChannelsNeedReauth(tx, outbox, workspaceId, [id], reason, now);
  },
};
