import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Local development only: generates the session/encryption secrets once and keeps them in
 * .data/dev-secrets.json (gitignored), so `npm run dev` needs no setup and restarts keep
 * sessions and encrypted data readable. Production must set these variables itself.
 */
export function ensureDevSecrets(dataDir: string): Record<string, string> {
  const file = path.join(dataDir, "dev-secrets.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
  mkdirSync(dataDir, { recursive: true });
  const secrets = {
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    ENCRYPTION_KEYS: `dev1:${randomBytes(32).toString("base64")}`,
    BLIND_INDEX_KEY: randomBytes(32).toString("base64url"),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
