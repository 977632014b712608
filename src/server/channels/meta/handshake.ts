import { sameSecret } from "./verify-signature";

export type MetaHandshakeResult =
  | { ok: true; challenge: string }
  | { ok: false; status: 400 | 403 | 404; reason: string };

/** Meta sends a number; anything else is not echoed back (the body is ours to answer). */
const CHALLENGE = /^[A-Za-z0-9._-]{1,200}$/;

/**
 * The GET Meta makes when a callback URL is saved:
 * `?hub.mode=subscribe&hub.verify_token=<ours>&hub.challenge=<n>` is answered 200 with the
 * challenge as the plain-text body; anything else is refused.
 */
export function handleMetaHandshake(params: URLSearchParams, verifyToken: string | undefined): MetaHandshakeResult {
  if (!verifyToken) return { ok: false, status: 404, reason: "Meta webhooks are not configured on this server." };
  if (params.get("hub.mode") !== "subscribe") return { ok: false, status: 400, reason: "hub.mode must be subscribe." };
  const challenge = params.get("hub.challenge") ?? "";
  if (!CHALLENGE.test(challenge)) return { ok: false, status: 400, reason: "hub.challenge is missing or malformed." };
  if (!sameSecret(params.get("hub.verify_token") ?? "", verifyToken)) return { ok: false, status: 403, reason: "hub.verify_token does not match." };
  return { ok: true, challenge };
}
