import type { Platform } from "@/generated/prisma/client";
import { metaOAuthProvider } from "./meta/meta-oauth";
import type { OAuthProvider } from "./oauth-provider";
import { xOAuthProvider } from "./x/x-oauth-provider";

export type OAuthProviderId = OAuthProvider["id"];

/** Provider id (the URL segment of /api/oauth/[provider]/...) -> provider. Meta covers Facebook and Instagram. */
const PROVIDERS: Record<OAuthProviderId, OAuthProvider> = { meta: metaOAuthProvider, x: xOAuthProvider };

export const OAUTH_PROVIDER_IDS = Object.keys(PROVIDERS) as OAuthProviderId[];

export function isOAuthProviderId(value: string): value is OAuthProviderId {
  return Object.hasOwn(PROVIDERS, value);
}

export function oauthProvider(id: OAuthProviderId): OAuthProvider {
  return PROVIDERS[id];
}

/** The provider that connects channels of `platform` (the token manager refreshes and revokes through it). */
export function oauthProviderForPlatform(platform: Platform): OAuthProvider | null {
  if (platform === "FACEBOOK" || platform === "INSTAGRAM") return PROVIDERS.meta;
  if (platform === "X") return PROVIDERS.x;
  return null;
}
