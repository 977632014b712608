import { createHmac, randomBytes } from "node:crypto";
import { z } from "zod";
import { keyRing } from "../infra/crypto/field-crypto";

/** What a secret is for; part of its hash, so a secret of one kind never matches another's. */
export type SecretPurpose = "email-confirmation" | "sso-link";

/** 32 random bytes, base64url (43 characters). Sent once (link or cookie); only its hash is stored. */
export function newAccountSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** The shape of a secret from a link or cookie, checked before any lookup. */
export const accountSecretSchema = z.string().trim().regex(/^[A-Za-z0-9_-]{43}$/, "This link is incomplete. Open it again from the email, or ask for a new one.");

/**
 * Keyed hash of a secret (blind-index key, purpose prefix). Not `blindIndex`: that lower-cases
 * its input, and base64url secrets are case-sensitive.
 */
export function hashAccountSecret(purpose: SecretPurpose, secret: string): string {
  return createHmac("sha256", keyRing().blindIndexKey).update(`${purpose}:${secret}`).digest("base64url");
}
