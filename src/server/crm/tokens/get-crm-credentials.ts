import type { CrmProvider } from "@/generated/prisma/client";
import { REFRESH_AHEAD_MS } from "../../channels/tokens/get-channel-credentials";
import { isExpiring, refreshAccountToken, type Refresh } from "../../channels/tokens/refresh-account-token";
import { ChannelNeedsReauthError } from "../../channels/tokens/token-errors";
import { ChannelAuthError } from "../../channels/connector";
import { decrypt, decryptOptional } from "../../infra/crypto/field-crypto";
import { withTenantSql } from "../../infra/db/sql";
import { AppError } from "../../infra/errors/app-error";
import type { OutboxPublisher } from "../../infra/outbox/relay-outbox";
import { CrmAuthError, type CrmCredentials, type CrmOAuthProvider } from "../crm-connector";
import { crmOAuthProviderForProvider } from "../crm-registry";
import { crmTokenStore } from "./crm-token-store";

/** The connection must be reconnected by an admin; whoever threw this already marked it. */
export class CrmNeedsReauthError extends CrmAuthError {
  override name = "CrmNeedsReauthError";
  constructor(message: string, readonly reason: string) {
    super(message);
  }
}

export type CrmCredentialOptions = {
  /** The CRM refused `rejectedAccessToken`: refresh now (skipped when another caller already replaced it). */
  forceRefresh?: boolean;
  rejectedAccessToken?: string | null;
  /** Relays a needs-reauth event at once; otherwise the outbox sweeper does. */
  publisher?: OutboxPublisher;
  /** Refresh when the token expires within this (default REFRESH_AHEAD_MS; the refresh job looks further ahead). */
  refreshAheadMs?: number;
  /** The OAuth provider to refresh with (tests); default: the registry's for the connection's CRM. */
  oauth?: CrmOAuthProvider | null;
};

type ConnectionTokenRow = {
  id: string;
  provider: CrmProvider;
  status: "ACTIVE" | "FAILING" | "NEEDS_REAUTH";
  credentialsEnc: string | null;
  accessTokenEnc: string | null;
  refreshTokenEnc: string | null;
  tokenExpiresAt: Date | null;
  metadata: unknown;
};

/**
 * The connection's credentials (CrmCredentials): for OAuth CRMs an access token good for at
 * least REFRESH_AHEAD_MS, refreshed first through the shared token manager (row lock, one refresh
 * per connection, the rotated refresh token stored in the same transaction; a provider that
 * answers without one, like Salesforce, keeps the old); otherwise the decrypted API token or
 * signing secret. Throws CrmNeedsReauthError (an admin must reconnect; the connection is marked),
 * TokenRefreshUnavailableError (retry later, nothing changed) or AppError NOT_FOUND.
 */
export async function getCrmCredentials(workspaceId: string, connectionId: string, opts: CrmCredentialOptions = {}): Promise<CrmCredentials> {
  const row = await readConnectionTokens(workspaceId, connectionId);
  if (!row) throw new AppError("NOT_FOUND", "CRM connection not found in this workspace.");
  if (row.status === "NEEDS_REAUTH") throw new CrmNeedsReauthError("The CRM connection must be reconnected.", "status_needs_reauth");
  const metadata = stringRecord(row.metadata);
  if (row.accessTokenEnc === null) {
    const secret = decryptOptional(row.credentialsEnc);
    if (!secret) throw new CrmNeedsReauthError("The CRM connection has no credentials.", "missing_credentials");
    return { connectionId, accessToken: secret, metadata };
  }
  const now = new Date();
  const expiringBefore = new Date(now.getTime() + (opts.refreshAheadMs ?? REFRESH_AHEAD_MS));
  if (!opts.forceRefresh && !isExpiring(row, expiringBefore)) {
    // Fresh enough: no lock, no transaction (the common case of every sync run).
    return { connectionId, accessToken: decrypt(row.accessTokenEnc), metadata };
  }
  const oauth = opts.oauth === undefined ? crmOAuthProviderForProvider(row.provider) : opts.oauth;
  try {
    const { accessToken } = await refreshAccountToken(crmTokenStore, {
      workspaceId,
      id: connectionId,
      refresh: oauth ? asChannelRefresh(oauth) : null,
      expiringBefore,
      force: opts.forceRefresh ? { rejectedAccessToken: opts.rejectedAccessToken ?? null } : undefined,
      publisher: opts.publisher,
    });
    if (!accessToken) throw new CrmNeedsReauthError("The CRM connection has no access token.", "missing_credentials");
    return { connectionId, accessToken, metadata };
  } catch (error) {
    if (error instanceof ChannelNeedsReauthError) throw new CrmNeedsReauthError("The CRM connection must be reconnected.", error.reason);
    throw error;
  }
}

/**
 * The token manager treats ChannelAuthError as "refused for good"; a CRM provider throws
 * CrmAuthError for the same (invalid_grant), so it is translated here. Anything else stays
 * transient.
 */
function asChannelRefresh(oauth: CrmOAuthProvider): Refresh {
  return async (refreshToken) => {
    try {
      const tokens = await oauth.refresh(refreshToken);
      return { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt };
    } catch (error) {
      if (error instanceof CrmAuthError) throw new ChannelAuthError("The CRM refused the refresh token");
      throw error;
    }
  };
}

/** Metadata holds ids and URLs as strings; anything else is dropped rather than trusted. */
function stringRecord(value: unknown): Record<string, string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string"));
}

async function readConnectionTokens(workspaceId: string, connectionId: string): Promise<ConnectionTokenRow | null> {
  const rows = await withTenantSql({ workspaceId }, (tx) =>
    tx.$queryRaw<ConnectionTokenRow[]>`
      SELECT id, provider::text AS provider, status::text AS status, "credentialsEnc", "accessTokenEnc", "refreshTokenEnc", "tokenExpiresAt", metadata
      FROM crm_connections WHERE id = ${connectionId} AND "workspaceId" = ${workspaceId}`,
  );
  return rows[0] ?? null;
}
