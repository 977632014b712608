import { AppError } from "../errors/app-error";

export type KeyRing = { activeKeyId: string; keys: Map<string, Buffer>; blindIndexKey: Buffer };

/** Parses `kid:base64key,kid:base64key` (32-byte AES-256 keys). The first key is active unless named. */
export function parseKeyRing(spec: string, activeKeyId: string | undefined, blindIndexKey: string): KeyRing {
  const keys = new Map<string, Buffer>();
  for (const entry of spec.split(",")) {
    const [kid, material] = entry.split(":");
    if (!kid || !material) throw new AppError("INTERNAL", "ENCRYPTION_KEYS: each entry must be kid:base64key");
    const key = Buffer.from(material, "base64");
    if (key.length !== 32) throw new AppError("INTERNAL", `ENCRYPTION_KEYS: key "${kid}" must be 32 bytes (base64), got ${key.length}`);
    keys.set(kid, key);
  }
  const active = activeKeyId ?? spec.split(":")[0];
  if (!active || !keys.has(active)) throw new AppError("INTERNAL", `ENCRYPTION_ACTIVE_KEY_ID: no key "${active}" in ENCRYPTION_KEYS`);
  return { activeKeyId: active, keys, blindIndexKey: Buffer.from(blindIndexKey, "utf8") };
}
