import type { Platform } from "@/generated/prisma/client";
import type { ChannelCredentials } from "../connector";
import { AppError } from "../../infra/errors/app-error";
import { decryptOptional } from "../../infra/crypto/field-crypto";
import { withTenantSql } from "../../infra/db/sql";
import type { OutboxPublisher } from "../../infra/outbox/relay-outbox";
import { channelTokenStore } from "./channel-token-store";
import { isExpiring, refreshAccountToken } from "./refresh-account-token";
import { ChannelNeedsReauthError } from "./token-errors";
import { refresherFor } from "./token-refreshers";
import type { StoredTokens } from "./token-store";

/** A token expiring within this is refreshed before use. */
export const REFRESH_AHEAD_MS = 5 * 60_000;

/** The channel columns credentials are made of (the send path reads them in its claim query). */
export type ChannelTokenRow = StoredTokens & { channelId: string; platform: Platform; externalId: string; secretEnc: string | null };

export type CredentialOptions = {
  /** Refresh now: the platform rejected `rejectedAccessToken` (skipped if another caller already replaced it). */
  forceRefresh?: boolean;
  rejectedAccessToken?: string | null;
  /** Relays a needs-reauth event at once (job handlers pass theirs); otherwise the outbox sweeper does. */
  publisher?: OutboxPublisher;
};

const toCredentials = (row: ChannelTokenRow, accessToken: string | null): ChannelCredentials => ({
  channelId: row.channelId,
  externalId: row.externalId,
  accessToken,
  secret: decryptOptional(row.secretEnc),
});

/**
 * Credentials from a row already read, without a query: null when the token must be refreshed
 * first. Throws ChannelNeedsReauthError when the channel is not ACTIVE (sending waits for the
 * admin to reconnect; inbound never looks at this).
 */
export function credentialsFromRow(row: ChannelTokenRow, now = new Date()): ChannelCredentials | null {
  if (row.status !== "ACTIVE") throw new ChannelNeedsReauthError(`The channel must be reconnected (${row.status.toLowerCase()}).`, `status_${row.status.toLowerCase()}`);
  if (isExpiring(row, new Date(now.getTime() + REFRESH_AHEAD_MS))) return null;
  return toCredentials(row, decryptOptional(row.accessTokenEnc));
}

/**
 * The channel's credentials with an access token good for at least REFRESH_AHEAD_MS, refreshed
 * first when needed, one refresh at a time per channel (refresh-account-token.ts). Throws
 * ChannelNeedsReauthError (an admin must reconnect), TokenRefreshUnavailableError (retry
 * later, nothing changed), or AppError NOT_FOUND.
 */
export async function getChannelCredentials(workspaceId: string, channelId: string, opts: CredentialOptions = {}): Promise<ChannelCredentials> {
  const row = await readChannelTokens(workspaceId, channelId);
  if (!row) throw new AppError("NOT_FOUND", "Channel not found in this workspace.");
  return credentialsFor(workspaceId, row, opts);
}

/** getChannelCredentials for a row the caller already read (the send path's claim). */
export async function credentialsFor(workspaceId: string, row: ChannelTokenRow, opts: CredentialOptions = {}): Promise<ChannelCredentials> {
  const now = new Date();
  if (!opts.forceRefresh) {
    const ready = credentialsFromRow(row, now);
    if (ready) return ready;
  }
  const force = opts.forceRefresh ? { rejectedAccessToken: opts.rejectedAccessToken ?? null } : undefined;
  const { accessToken } = await singleFlight(`${workspaceId}:${row.channelId}:${force ? `force:${force.rejectedAccessToken ?? ""}` : "due"}`, () =>
    refreshAccountToken(channelTokenStore, {
      workspaceId,
      id: row.channelId,
      refresh: refresherFor(row.platform),
      expiringBefore: new Date(now.getTime() + REFRESH_AHEAD_MS),
      force,
      publisher: opts.publisher,
    }),
  );
  return toCredentials(row, accessToken);
}

/**
 * Callers in this process that need the same channel refreshed share one attempt (a send batch
 * of many replies on one channel), so they do not each hold a pooled connection waiting on the
 * row lock. Across processes the row lock still serialises them.
 */
const inFlight = new Map<string, Promise<{ accessToken: string | null; refreshed: boolean }>>();
function singleFlight(key: string, run: () => Promise<{ accessToken: string | null; refreshed: boolean }>) {
  const running = inFlight.get(key);
  if (running) return running;
  const started = run().finally(() => inFlight.delete(key));
  inFlight.set(key, started);
  return started;
}

async function readChannelTokens(workspaceId: string, channelId: string): Promise<ChannelTokenRow | null> {
  const rows = await withTenantSql({ workspaceId }, (tx) =>
    tx.$queryRaw<ChannelTokenRow[]>`
      SELECT id AS "channelId", platform::text AS platform, "externalId", status::text AS status,
             "accessTokenEnc", "refreshTokenEnc", "tokenExpiresAt", "secretEnc"
      FROM channels WHERE id = ${channelId} AND "workspaceId" = ${workspaceId}`,
  );
  return rows[0] ?? null;
}
