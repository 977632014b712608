import type { RawSql } from "../../infra/db/sql";
import type { OutboxWriter } from "../../infra/outbox/outbox-entry";

/** An account's tokens as stored: encrypted, with its status. The token manager never needs more. */
export type StoredTokens = {
  status: "ACTIVE" | "NEEDS_REAUTH" | "DISCONNECTED";
  accessTokenEnc: string | null;
  refreshTokenEnc: string | null;
  tokenExpiresAt: Date | null;
};

/** What the refresh wrote: encrypted, the NEW refresh token included (rotating providers kill the old one). */
export type RefreshedTokens = { accessTokenEnc: string; refreshTokenEnc: string; expiresAt: Date | null };

/**
 * Where "an account with encrypted tokens" lives: the channels table first, CRM connections
 * later. Every method runs inside the caller's tenant transaction.
 */
export interface TokenStore {
  /** Names the account in messages ("channel"). */
  readonly kind: string;
  /** Locks the account's row (SELECT ... FOR UPDATE) and reads it; null when not in this workspace. */
  lock(tx: RawSql, workspaceId: string, id: string): Promise<StoredTokens | null>;
  save(tx: RawSql, workspaceId: string, id: string, tokens: RefreshedTokens, now: Date): Promise<void>;
  /** Marks the account for the admin to reconnect (audit + realtime through `outbox`). */
  markNeedsReauth(tx: RawSql, outbox: OutboxWriter, workspaceId: string, id: string, reason: string, now: Date): Promise<void>;
}
