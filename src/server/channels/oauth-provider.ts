import type { Platform } from "@/generated/prisma/client";

/** Tokens as a platform hands them out; `expiresAt` null: no expiry we know of. */
export type TokenSet = { accessToken: string; refreshToken: string | null; expiresAt: Date | null };

/** An account the admin may connect after consenting (a Page, an Instagram account, an X account). */
export type ConnectableAccount = {
  platform: Platform;
  externalId: string;
  name: string;
  handle: string | null;
  tokens: TokenSet;
  /** Platform details the connector needs later (the Page an Instagram account hangs off, the X username). Ids and names only. */
  metadata: Record<string, string>;
};

/**
 * The OAuth side of connecting a platform (Meta: Facebook Login for Business, which yields both
 * Pages and their Instagram accounts; X: OAuth 2.0 with PKCE). Keyed by provider, not platform.
 */
export interface OAuthProvider {
  id: "meta" | "x";
  usesPkce: boolean;
  /** Whether this server is configured for it (client id and secret set). */
  configured(): boolean;
  authorizeUrl(input: { state: string; redirectUri: string; codeChallenge: string | null }): string;
  /** Code -> the accounts the admin may connect. Throws on a bad code or a failed exchange. */
  exchange(input: { code: string; redirectUri: string; codeVerifier: string | null }): Promise<ConnectableAccount[]>;
  /** New tokens from a refresh token (X rotates it: the old one is dead once this returns). */
  refresh?(refreshToken: string): Promise<TokenSet>;
  revoke?(tokens: TokenSet): Promise<void>;
}
