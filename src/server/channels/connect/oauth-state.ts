import { createHmac, randomBytes } from "node:crypto";
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
