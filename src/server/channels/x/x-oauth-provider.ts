/**
 * X OAuth 2.0 (Authorization Code with PKCE) as an OAuthProvider, over x-oauth.ts: the code
 * exchange, then GET /2/users/me for the one account the consent was for (docs/platforms/x.md,
 * docs.x.com/x-api/users/user-lookup-me, checked 2026-11-30). Access tokens live 2 h; the
 * refresh token rotates on every refresh (the token manager stores the new pair atomically).
 */
import { z } from "zod";
import type { OAuthProvider, TokenSet } from "../oauth-provider";
import { xRequest } from "./x-client";
import { xConfigFromEnv, type XConfig } from "./x-config";
import { buildAuthorizeUrl, exchangeCode, refreshTokens, revokeToken, type XTokens } from "./x-oauth";
import { env } from "../../infra/env/load-env";

const meSchema = z.object({ data: z.object({ id: z.string().min(1), name: z.string().default(""), username: z.string().min(1) }) });

const toTokenSet = (t: XTokens): TokenSet => ({ accessToken: t.accessToken, refreshToken: t.refreshToken, expiresAt: t.expiresAt });

/** `config` is read per call (env by default) so tests can point one provider at a fake. */
export function createXOAuthProvider(config: () => XConfig = xConfigFromEnv): OAuthProvider {
  return {
    id: "x",
    usesPkce: true,
    configured: () => Boolean(env().X_CLIENT_ID),
    authorizeUrl({ state, redirectUri, codeChallenge }) {
      if (!codeChallenge) throw new Error("X needs a PKCE code challenge.");
      const c = config();
      return buildAuthorizeUrl({ clientId: c.clientId, redirectUri, state, codeChallenge, authorizeUrl: c.authorizeUrl });
    },
    async exchange({ code, redirectUri, codeVerifier }) {
      if (!codeVerifier) throw new Error("X needs the PKCE code verifier.");
      const c = config();
      const tokens = await exchangeCode(code, codeVerifier, redirectUri, c);
      const { data: me } = await xRequest(c, tokens.accessToken, { method: "GET", path: "/2/users/me", schema: meSchema });
      return [{ platform: "X", externalId: me.data.id, name: me.data.name || me.data.username, handle: me.data.username, tokens: toTokenSet(tokens), metadata: { username: me.data.username } }];
    },
    refresh: async (refreshToken) => toTokenSet(await refreshTokens(refreshToken, config())),
    /** Both tokens: revoking the access token alone would leave the refresh token able to mint new ones. */
    async revoke(tokens) {
      const c = config();
      const results = await Promise.allSettled([tokens.refreshToken ? revokeToken(tokens.refreshToken, c) : null, revokeToken(tokens.accessToken, c)]);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
      if (failed) throw failed.reason;
    },
  };
}

export const xOAuthProvider = createXOAuthProvider();
