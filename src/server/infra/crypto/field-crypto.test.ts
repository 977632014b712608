import { describe, expect, it } from "vitest";
import { blindIndex, decrypt, encrypt, keyIdOf } from "./field-crypto";
import { parseKeyRing } from "./key-ring";

const k1 = Buffer.alloc(32, 1).toString("base64");
const k2 = Buffer.alloc(32, 2).toString("base64");
const oldRing = parseKeyRing(`k1:${k1}`, undefined, "blind-index-key-blind-index-key-0000");
const newRing = parseKeyRing(`k2:${k2},k1:${k1}`, undefined, "blind-index-key-blind-index-key-0000");

describe("field encryption", () => {
  it("round-trips and never stores the plaintext", () => {
    const stored = encrypt("jane@example.com", newRing);
    expect(stored).not.toContain("jane");
    expect(decrypt(stored, newRing)).toBe("jane@example.com");
    expect(encrypt("same", newRing)).not.toBe(encrypt("same", newRing)); // random IV
  });

  it("reads values written with a rotated-out key and writes with the active one", () => {
    const old = encrypt("+1 555 0100", oldRing);
    expect(keyIdOf(old)).toBe("k1");
    expect(decrypt(old, newRing)).toBe("+1 555 0100");
    expect(keyIdOf(encrypt("x", newRing))).toBe("k2");
  });

  it("rejects tampered ciphertext, a swapped key id and unknown keys", () => {
    const stored = encrypt("secret-token", newRing);
    const parts = stored.split(".");
    const body = Buffer.from(parts[3]!, "base64url");
    body[0] = body[0]! ^ 1;
    expect(() => decrypt([parts[0], parts[1], parts[2], body.toString("base64url")].join("."), newRing)).toThrow();
    expect(() => decrypt([parts[0], "k1", parts[2], parts[3]].join("."), newRing)).toThrow();
    expect(() => decrypt(encrypt("x", newRing), oldRing)).toThrow(/no decryption key/);
    expect(() => decrypt("garbage", newRing)).toThrow(/malformed/);
  });

  it("blind index is keyed, stable and case-insensitive", () => {
    expect(blindIndex(" Jane@Example.com ", newRing)).toBe(blindIndex("jane@example.com", newRing));
    const otherKey = parseKeyRing(`k1:${k1}`, undefined, "another-blind-index-key-0000000000");
    expect(blindIndex("jane@example.com", otherKey)).not.toBe(blindIndex("jane@example.com", newRing));
  });

  it("refuses bad key material with a clear message", () => {
    expect(() => parseKeyRing("k1:c2hvcnQ=", undefined, "x".repeat(32))).toThrow(/32 bytes/);
    expect(() => parseKeyRing(`k1:${k1}`, "k9", "x".repeat(32))).toThrow(/ENCRYPTION_ACTIVE_KEY_ID/);
  });
});
