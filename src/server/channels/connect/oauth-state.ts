import { createHmac, randomBytes } from "node:crypto";
import type { Tx } from "../../infra/db/tenant";
import { env } from "../../infra/env/load-env";
import { keyRing } from "../../infra/crypto/field-crypto";
import type { OAuthProviderId } from "../oauth-providers";

/** From the start to the platform's callback (consent included). */
export const STATE_TTL_MS = 10 * 60_000;
/** From the callback to the admin's pick of accounts; the tokens wait encrypted meanwhile. */
export const PICK_TTL_MS = 15 * 60_000;
/** Finished or abandoned flows of a workspace are deleted this long after they expire. */
export const FLOW_RETENTION_MS = 24 * 3600_000;

/** 32 random bytes, base64url: the `state` sent to the platform. Only its keyed hash is stored. */
export function newState(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * Keyed hash of a state, with the blind-index key and a purpose prefix (so it can never equal a
 * blind index of some other value). Not `blindIndex` itself: that lower-cases its input, and
 * base64url states are case-sensitive.
 */
export function hashState(state: string): string {
  return createHmac("sha256", keyRing().blindIndexKey).update(`oauth-state:${state}`).digest("base64url");
}

/** The callback registered with each platform: `${APP_URL}/api/oauth/<provider>/callback`. */
export function redirectUriFor(provider: OAuthProviderId, appUrl: string = env().APP_URL): string {
  return new URL(`/api/oauth/${provider}/callback`, appUrl).toString();
}

/** A flow's row once its callback claimed it. */
export type ClaimedState = { id: string; codeVerifierEnc: string | null; redirectUri: string };

/**
 * Claims a flow for its callback, in one statement, so a state works once: only for the user
 * and workspace that started it, for the provider it was issued for, unexpired. A refusal says
 * only "expired" or "invalid_state": replayed, forged, another user's or another workspace's
 * state all read the same, so a state cannot be probed. Channels and CRMs share it.
 */
export async function claimOAuthState(
  tx: Tx,
  who: { workspaceId: string; userId: string },
  provider: string,
  stateHash: string,
  now = new Date(),
): Promise<ClaimedState | "expired" | "invalid_state"> {
  const rows = await tx.$queryRaw<ClaimedState[]>`
    UPDATE oauth_states SET "exchangedAt" = ${now}::timestamp(3)
     WHERE "stateHash" = ${stateHash} AND "workspaceId" = ${who.workspaceId} AND "userId" = ${who.userId} AND provider = ${provider}
       AND "exchangedAt" IS NULL AND "consumedAt" IS NULL AND "expiresAt" > ${now}::timestamp(3)
    RETURNING id, "codeVerifierEnc", "redirectUri"`;
  if (rows[0]) return rows[0];
  const stale = await tx.oAuthState.findFirst({
    where: { stateHash, workspaceId: who.workspaceId, userId: who.userId, provider, exchangedAt: null, consumedAt: null },
    select: { id: true },
  });
  return stale ? "expired" : "invalid_state";
}
