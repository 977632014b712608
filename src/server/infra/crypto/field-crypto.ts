import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import { env } from "../env/load-env";
import { AppError } from "../errors/app-error";
import { parseKeyRing, type KeyRing } from "./key-ring";

/**
 * AES-256-GCM field encryption. A value is stored as `v1.<kid>.<iv>.<ciphertext+tag>`
 * (base64url parts), so keys rotate: old values stay readable with their key id, new writes
 * use the active key, and `npm run db:reencrypt` moves old values to the active key.
 */
const VERSION = "v1";

let ring: KeyRing | undefined;
export function keyRing(): KeyRing {
  const e = env();
  ring ??= parseKeyRing(e.ENCRYPTION_KEYS, e.ENCRYPTION_ACTIVE_KEY_ID, e.BLIND_INDEX_KEY);
  return ring;
}
export function resetKeyRing(): void {
  ring = undefined;
}

export function encrypt(plaintext: string, keys: KeyRing = keyRing()): string {
  const key = keys.keys.get(keys.activeKeyId);
  if (!key) throw new AppError("INTERNAL", "active encryption key missing");
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(`${VERSION}.${keys.activeKeyId}`));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return [VERSION, keys.activeKeyId, iv.toString("base64url"), body.toString("base64url")].join(".");
}

export function decrypt(stored: string, keys: KeyRing = keyRing()): string {
  const [version, kid, ivPart, bodyPart] = stored.split(".");
  if (version !== VERSION || !kid || !ivPart || !bodyPart) throw new AppError("INTERNAL", "malformed encrypted value");
  const key = keys.keys.get(kid);
  if (!key) throw new AppError("INTERNAL", `no decryption key with id "${kid}"`);
  const body = Buffer.from(bodyPart, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(ivPart, "base64url"));
  decipher.setAAD(Buffer.from(`${VERSION}.${kid}`));
  decipher.setAuthTag(body.subarray(body.length - 16));
  return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString("utf8");
}

export const encryptOptional = (v: string | null | undefined, keys?: KeyRing) => (v == null ? null : encrypt(v, keys));
export const decryptOptional = (v: string | null | undefined, keys?: KeyRing) => (v == null ? null : decrypt(v, keys));

/** The key id a stored value was written with (for rotation). */
export function keyIdOf(stored: string): string | undefined {
  return stored.split(".")[1];
}

/** Keyed hash (blind index) for equality lookups on encrypted fields; input is normalised. */
export function blindIndex(value: string, keys: KeyRing = keyRing()): string {
  return createHmac("sha256", keys.blindIndexKey).update(value.trim().toLowerCase()).digest("base64url");
}
