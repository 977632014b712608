import { createHash, randomBytes } from "node:crypto";
import { decryptOptional, encrypt, encryptOptional } from "../../infra/crypto/field-crypto";
import { newId } from "../../infra/db/new-id";
import { env } from "../../infra/env/load-env";
import { logger } from "../../infra/logger";
import { claimOAuthState, FLOW_RETENTION_MS, hashState, newState, STATE_TTL_MS, type ClaimedState } from "../../channels/connect/oauth-state";
import { crmConnectorFor, crmOAuthProviderFor } from "../crm-registry";
import type { CrmOAuthGrant, CrmOAuthProvider } from "../crm-connector";
import type { CrmConnectActor } from "./crm-actor";
import { CrmConnectError } from "./crm-connect-error";
import { crmProviderOfOAuthId, type CrmOAuthId } from "./crm-oauth-ids";
import { saveCrmConnection } from "./save-connection";

/**
 * Connecting a CRM by OAuth (HubSpot, Salesforce with PKCE, Pipedrive) through the same
 * `/api/oauth/<id>/start|callback` routes and `oauth_states` rows as channels
 * (docs/architecture.md#channels): the state is single use and bound to this admin, workspace
 * and provider. Unlike channels there is nothing to pick: one grant is one CRM account, so the
 * callback stores the connection directly.
 */

/** The callback registered with each CRM: `${APP_URL}/api/oauth/<id>/callback`. */
export function crmRedirectUri(id: CrmOAuthId, appUrl: string = env().APP_URL): string {
  return new URL(`/api/oauth/${id}/callback`, appUrl).toString();
}

/** RFC 7636 S256: a 43-char verifier and its base64url SHA-256 challenge. */
function createPkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

function configuredProvider(id: CrmOAuthId): CrmOAuthProvider {
  const provider = crmOAuthProviderFor(id);
  if (!provider?.configured()) throw new CrmConnectError("not_configured");
  return provider;
}

/** Step 1: a single-use state (and PKCE verifier) stored for 10 minutes; returns the CRM's consent URL. */
export async function startCrmConnect(actor: CrmConnectActor, id: CrmOAuthId): Promise<{ authorizeUrl: string }> {
  const provider = configuredProvider(id);
  const state = newState();
  const pkce = provider.usesPkce ? createPkcePair() : null;
  const redirectUri = crmRedirectUri(id);
  const authorizeUrl = provider.authorizeUrl({ state, redirectUri, codeChallenge: pkce?.challenge ?? null });
  const now = Date.now();
  await actor.tenant(async (tx) => {
    await tx.oAuthState.deleteMany({ where: { workspaceId: actor.workspaceId, expiresAt: { lt: new Date(now - FLOW_RETENTION_MS) } } });
    await tx.oAuthState.create({
      data: {
        id: newId(), workspaceId: actor.workspaceId, userId: actor.userId, provider: id, stateHash: hashState(state),
        codeVerifierEnc: pkce ? encrypt(pkce.verifier) : null, redirectUri, expiresAt: new Date(now + STATE_TTL_MS),
      },
    });
  });
  return { authorizeUrl };
}

export type CrmCallbackParams = { code: string | null; state: string | null; error: string | null };

/**
 * Step 2, the CRM's callback: claims the state in one statement (so of two racing or replayed
 * callbacks exactly one passes), trades the code for tokens, and stores the connection with
 * the tokens encrypted, ACTIVE, audited, with a first sync requested. Any failure is a
 * CrmConnectError and stores nothing; the claimed state is spent either way.
 */
export async function finishCrmConnect(actor: CrmConnectActor, id: CrmOAuthId, params: CrmCallbackParams): Promise<{ connectionId: string; reconnected: boolean }> {
  const provider = configuredProvider(id);
  if (!params.state) throw new CrmConnectError("invalid_state");
  const claimed = await claimState(actor, id, hashState(params.state));
  if (params.error) throw new CrmConnectError(params.error === "access_denied" ? "denied" : "exchange_failed");
  if (!params.code) throw new CrmConnectError("exchange_failed");

  let grant: CrmOAuthGrant;
  try {
    grant = await provider.exchange({ code: params.code, redirectUri: claimed.redirectUri, codeVerifier: decryptOptional(claimed.codeVerifierEnc) });
  } catch (error) {
    logger.warn({ workspaceId: actor.workspaceId, provider: id, err: { type: error instanceof Error ? error.name : typeof error } }, "crm oauth code exchange failed");
    throw new CrmConnectError("exchange_failed");
  }
  const providerEnum = crmProviderOfOAuthId(id);
  const label = grant.label || crmConnectorFor(providerEnum).label;
  return actor.tenant(async (tx, outbox) => {
    await tx.oAuthState.update({ where: { id: claimed.id }, data: { consumedAt: new Date(), codeVerifierEnc: null } });
    return saveCrmConnection(tx, outbox, actor, {
      provider: providerEnum,
      label,
      metadata: { ...grant.metadata },
      credentials: { method: "oauth", accessTokenEnc: encrypt(grant.accessToken), refreshTokenEnc: encryptOptional(grant.refreshToken), tokenExpiresAt: grant.expiresAt },
    });
  });
}

async function claimState(actor: CrmConnectActor, id: CrmOAuthId, stateHash: string): Promise<ClaimedState> {
  const claimed = await actor.tenant((tx) => claimOAuthState(tx, actor, id, stateHash));
  if (typeof claimed === "string") throw new CrmConnectError(claimed);
  return claimed;
}
