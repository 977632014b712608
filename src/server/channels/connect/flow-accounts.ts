import { z } from "zod";
import { decrypt, encrypt } from "../../infra/crypto/field-crypto";
import { Platform } from "@/generated/prisma/enums";
import type { ConnectableAccount } from "../oauth-provider";

const storedAccounts = z.array(
  z.object({
    platform: z.enum(Platform),
    externalId: z.string().min(1),
    name: z.string(),
    handle: z.string().nullable(),
    tokens: z.object({ accessToken: z.string().min(1), refreshToken: z.string().nullable(), expiresAt: z.iso.datetime().nullable() }),
    metadata: z.record(z.string(), z.string()),
  }),
);

/** The accounts a consent yielded, tokens included, as one encrypted value (oauth_states.accountsEnc). */
export function sealAccounts(accounts: ConnectableAccount[]): string {
  return encrypt(JSON.stringify(accounts.map((a) => ({ ...a, tokens: { ...a.tokens, expiresAt: a.tokens.expiresAt?.toISOString() ?? null } }))));
}

export function openAccounts(sealed: string): ConnectableAccount[] {
  return storedAccounts.parse(JSON.parse(decrypt(sealed))).map((a) => ({ ...a, tokens: { ...a.tokens, expiresAt: a.tokens.expiresAt ? new Date(a.tokens.expiresAt) : null } }));
}
