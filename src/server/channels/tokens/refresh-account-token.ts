import { ChannelAuthError } from "../connector";
import type { TokenSet } from "../oauth-provider";
import { decryptOptional, encrypt } from "../../infra/crypto/field-crypto";
import { withTenantSql, type RawSql } from "../../infra/db/sql";
import { OutboxWriter } from "../../infra/outbox/outbox-entry";
import { recordOutbox } from "../../infra/outbox/record-outbox";
import type { OutboxPublisher } from "../../infra/outbox/relay-outbox";
import { withTenantSqlOutbox } from "../../infra/outbox/with-outbox";
import { ChannelNeedsReauthError, TokenRefreshUnavailableError } from "./token-errors";
import type { StoredTokens, TokenStore } from "./token-store";

export type Refresh = (refreshToken: string) => Promise<TokenSet>;

/**
 * Outer bound on one provider refresh. Providers time their own calls out sooner (X: 10 s);
 * this only catches one that does not, because a refresh abandoned after the provider acted
 * loses a rotated token for good.
 */
const REFRESH_TIMEOUT_MS = 20_000;
/** How long a caller waits for another caller's refresh of the same account before giving up (retryable). */
const LOCK_TIMEOUT = "15s";
/** Postgres lock_not_available (lock_timeout expired). */
const LOCK_NOT_AVAILABLE = "55P03";

/** True when the stored access token should be refreshed before use: it has a refresh token and expires before `before`. */
export function isExpiring(tokens: Pick<StoredTokens, "refreshTokenEnc" | "tokenExpiresAt">, before: Date): boolean {
  return tokens.refreshTokenEnc !== null && tokens.tokenExpiresAt !== null && tokens.tokenExpiresAt.getTime() < before.getTime();
}

export type RefreshRequest = {
  workspaceId: string;
  id: string;
  /** The provider's refresh; null when the platform has none (Meta Page tokens do not expire). */
  refresh: Refresh | null;
  /** Refresh when the token expires before this. */
  expiringBefore: Date;
  /** Refresh even if not expiring, unless the stored token is no longer the one the platform rejected (someone refreshed already). */
  force?: { rejectedAccessToken: string | null };
  /** Relays the needs-reauth event at once; without one the outbox sweeper relays it (within a minute). */
  publisher?: OutboxPublisher;
  now?: () => Date;
};

type Outcome = { kind: "fresh"; accessToken: string | null; refreshed: boolean } | { kind: "needs-reauth"; reason: string } | { kind: "missing" };

/**
 * One refresh at a time per account: the row is locked (SELECT ... FOR UPDATE) in a tenant
 * transaction, the expiry re-checked under the lock (a concurrent caller may have refreshed
 * while this one waited), the provider called, and the new access token, the NEW refresh token
 * and the expiry stored in that same transaction. A transient failure (network, 5xx, 429,
 * timeout, a lock held too long) throws TokenRefreshUnavailableError and changes nothing; a
 * definitive one (the provider throws ChannelAuthError: X invalid_grant, Graph 190) marks the
 * account NEEDS_REAUTH (committed) and throws ChannelNeedsReauthError.
 * Returns the access token to use now (null when the account has none).
 */
export async function refreshAccountToken(store: TokenStore, req: RefreshRequest): Promise<{ accessToken: string | null; refreshed: boolean }> {
  const now = req.now ?? (() => new Date());
  let outcome: Outcome;
  try {
    outcome = await inOutboxTransaction(req.workspaceId, req.publisher, (tx, outbox) => refreshLocked(store, req, tx, outbox, now));
  } catch (error) {
    if (isLockTimeout(error)) throw new TokenRefreshUnavailableError(`Another refresh of this ${store.kind}'s token is taking too long; retry later.`);
    throw error;
  }
  if (outcome.kind === "missing") throw new ChannelNeedsReauthError(`The ${store.kind} is not in this workspace.`, "missing");
  if (outcome.kind === "needs-reauth") throw new ChannelNeedsReauthError(`The ${store.kind} must be reconnected (${outcome.reason}).`, outcome.reason);
  return { accessToken: outcome.accessToken, refreshed: outcome.refreshed };
}

async function refreshLocked(store: TokenStore, req: RefreshRequest, tx: RawSql, outbox: OutboxWriter, now: () => Date): Promise<Outcome> {
  await tx.$queryRaw`SELECT set_config('lock_timeout', ${LOCK_TIMEOUT}, true)`;
  const row = await store.lock(tx, req.workspaceId, req.id);
  if (!row) return { kind: "missing" };
  if (row.status !== "ACTIVE") return { kind: "needs-reauth", reason: `status_${row.status.toLowerCase()}` };
  const current = decryptOptional(row.accessTokenEnc);
  const refreshToken = decryptOptional(row.refreshTokenEnc);
  const stillGood = req.force ? current !== null && current !== req.force.rejectedAccessToken : !isExpiring(row, req.expiringBefore);
  if (stillGood || !refreshToken || !req.refresh) return { kind: "fresh", accessToken: current, refreshed: false };

  let tokens: TokenSet;
  try {
    tokens = await withTimeout(req.refresh(refreshToken), REFRESH_TIMEOUT_MS);
  } catch (error) {
    if (error instanceof ChannelAuthError) {
      // Definitive: the refresh token is spent, revoked or unknown. Committed with the audit entry.
      await store.markNeedsReauth(tx, outbox, req.workspaceId, req.id, "refresh_rejected", now());
      return { kind: "needs-reauth", reason: "refresh_rejected" };
    }
    // The error's name only: provider messages may quote what was sent.
    throw new TokenRefreshUnavailableError(`Refreshing the ${store.kind} token failed (${error instanceof Error ? error.name : "Error"}); nothing changed, retry later.`);
  }
  // A provider that does not rotate may answer without a refresh token: the old one still holds.
  await store.save(tx, req.workspaceId, req.id, { accessTokenEnc: encrypt(tokens.accessToken), refreshTokenEnc: encrypt(tokens.refreshToken ?? refreshToken), expiresAt: tokens.expiresAt }, now());
  return { kind: "fresh", accessToken: tokens.accessToken, refreshed: true };
}

/** withTenantSqlOutbox, or, without a publisher, the same transaction leaving its outbox rows to the sweeper. */
function inOutboxTransaction<T>(workspaceId: string, publisher: OutboxPublisher | undefined, fn: (tx: RawSql, outbox: OutboxWriter) => Promise<T>): Promise<T> {
  if (publisher) return withTenantSqlOutbox({ workspaceId }, publisher, fn);
  return withTenantSql({ workspaceId }, async (tx) => {
    const outbox = new OutboxWriter();
    const result = await fn(tx, outbox);
    await recordOutbox(tx, workspaceId, outbox.entries);
    return result;
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${ms} ms`), { name: "TimeoutError" })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const isLockTimeout = (error: unknown) => typeof error === "object" && error !== null && (error as { code?: unknown }).code === LOCK_NOT_AVAILABLE;
