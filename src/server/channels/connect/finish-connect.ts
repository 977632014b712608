import { decryptOptional } from "../../infra/crypto/field-crypto";
import { logger } from "../../infra/logger";
import type { ConnectableAccount } from "../oauth-provider";
import { oauthProvider, type OAuthProviderId } from "../oauth-providers";
import type { ConnectActor } from "./connect-actor";
import { ConnectError } from "./connect-error";
import { sealAccounts } from "./flow-accounts";
import { claimOAuthState, hashState, PICK_TTL_MS, type ClaimedState } from "./oauth-state";

export type CallbackParams = { code: string | null; state: string | null; error: string | null };


/**
 * Step 2, the platform's callback: claims the state (this workspace, this user, this provider,
 * unexpired, never claimed before) in the one statement that marks it exchanged, so of two
 * racing or replayed callbacks exactly one gets through; then trades the code for the accounts
 * and keeps them encrypted on the flow row. Any failure is a ConnectError and leaves nothing
 * connected (the claimed flow is dead: the admin starts again). Returns the flow id.
 */
export async function finishConnect(actor: ConnectActor, providerId: OAuthProviderId, params: CallbackParams): Promise<{ flowId: string }> {
  const provider = oauthProvider(providerId);
  if (!provider.configured()) throw new ConnectError("not_configured");
  if (!params.state) throw new ConnectError("invalid_state");
  const claimed = await claimState(actor, providerId, hashState(params.state));
  // Denied on the consent page: the state is spent all the same.
  if (params.error) throw new ConnectError(params.error === "access_denied" ? "denied" : "exchange_failed");
  if (!params.code) throw new ConnectError("exchange_failed");

  let accounts: ConnectableAccount[];
  try {
    accounts = await provider.exchange({ code: params.code, redirectUri: claimed.redirectUri, codeVerifier: decryptOptional(claimed.codeVerifierEnc) });
  } catch (error) {
    // Our clients' messages name the call and codes only; still, only the class is logged.
    logger.warn({ workspaceId: actor.workspaceId, provider: providerId, flowId: claimed.id, err: { type: error instanceof Error ? error.name : typeof error } }, "oauth code exchange failed");
    throw new ConnectError("exchange_failed");
  }
  await actor.tenant((tx) =>
    tx.oAuthState.update({ where: { id: claimed.id }, data: { accountsEnc: sealAccounts(accounts), codeVerifierEnc: null, expiresAt: new Date(Date.now() + PICK_TTL_MS) } }),
  );
  return { flowId: claimed.id };
}

async function claimState(actor: ConnectActor, providerId: OAuthProviderId, stateHash: string): Promise<ClaimedState> {
  const claimed = await actor.tenant((tx) => claimOAuthState(tx, actor, providerId, stateHash));
  if (typeof claimed === "string") throw new ConnectError(claimed);
  return claimed;
}
