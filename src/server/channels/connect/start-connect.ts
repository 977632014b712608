import { encrypt } from "../../infra/crypto/field-crypto";
import { newId } from "../../infra/db/new-id";
import { oauthProvider, type OAuthProviderId } from "../oauth-providers";
import { createPkcePair } from "../x/x-oauth";
import type { ConnectActor } from "./connect-actor";
import { ConnectError } from "./connect-error";
import { FLOW_RETENTION_MS, hashState, newState, redirectUriFor, STATE_TTL_MS } from "./oauth-state";

/**
 * Step 1 of connecting: a single-use state bound to this admin, workspace and provider (and a
 * PKCE verifier where the provider uses one), stored hashed / encrypted for 10 minutes; returns
 * the platform's consent URL to redirect to.
 */
export async function startConnect(actor: ConnectActor, providerId: OAuthProviderId, appUrl?: string): Promise<{ authorizeUrl: string }> {
  const provider = oauthProvider(providerId);
  if (!provider.configured()) throw new ConnectError("not_configured");
  const state = newState();
  const pkce = provider.usesPkce ? createPkcePair() : null;
  const redirectUri = redirectUriFor(providerId, appUrl);
  const authorizeUrl = provider.authorizeUrl({ state, redirectUri, codeChallenge: pkce?.challenge ?? null });
  const now = new Date();
  await actor.tenant(async (tx) => {
    // Abandoned flows go with the next start: they may still hold encrypted tokens.
    await tx.oAuthState.deleteMany({ where: { workspaceId: actor.workspaceId, expiresAt: { lt: new Date(now.getTime() - FLOW_RETENTION_MS) } } });
    await tx.oAuthState.create({
      data: {
        id: newId(),
        workspaceId: actor.workspaceId,
        userId: actor.userId,
        provider: providerId,
        stateHash: hashState(state),
        codeVerifierEnc: pkce ? encrypt(pkce.verifier) : null,
        redirectUri,
        expiresAt: new Date(now.getTime() + STATE_TTL_MS),
      },
    });
  });
  return { authorizeUrl };
}
