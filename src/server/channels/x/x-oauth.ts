/**
 * OAuth 2.0 Authorization Code with PKCE against X (docs.x.com/fundamentals/authentication/
 * oauth-2-0/user-access-token, checked 2026-11-30; shapes in docs/platforms/x.md).
 *
 * Refresh tokens are single-use and rotate: the caller must store the NEW pair atomically
 * before using it, and must serialise refreshes per account (one in flight, under a row lock):
 * two concurrent refreshes with the same token make one of them fail with invalid_request,
 * which would wrongly look like "needs re-auth".
 */
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { env } from "../../infra/env/load-env";
import { xConfigFromEnv, type XConfig } from "./x-config";
import { XNeedsReauthError, XOAuthError, XTransientError } from "./x-errors";

export const X_SCOPES = ["tweet.read", "tweet.write", "users.read", "dm.read", "dm.write", "offline.access"] as const;

export type XTokens = {
  accessToken: string;
  /** Null only when offline.access was not granted. */
  refreshToken: string | null;
  expiresAt: Date;
  scopes: string[];
};

/** RFC 7636 S256: a 43-char verifier (32 random bytes) and its base64url SHA-256 challenge. */
export function createPkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export function buildAuthorizeUrl(o: { clientId: string; redirectUri: string; state: string; codeChallenge: string; scopes?: readonly string[]; authorizeUrl?: string }): string {
  const url = new URL(o.authorizeUrl ?? env().X_AUTHORIZE_URL);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", o.clientId);
  url.searchParams.set("redirect_uri", o.redirectUri);
  url.searchParams.set("scope", (o.scopes ?? X_SCOPES).join(" "));
  url.searchParams.set("state", o.state);
  url.searchParams.set("code_challenge", o.codeChallenge);
  url.searchParams.set("code_challenge_method", "S256");
  return url.toString();
}

const tokenAnswer = z.object({
  token_type: z.string(),
  access_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  scope: z.string().default(""),
  refresh_token: z.string().min(1).optional(),
});
const oauthProblem = z.object({ error: z.string(), error_description: z.string().optional() });

type TokenCall = { endpoint: "token" | "revoke"; form: Record<string, string> };

/** POSTs a form to /2/oauth2/{token,revoke} with client auth; returns status and JSON (or throws transient). */
async function postForm(config: XConfig, call: TokenCall): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  const form = { ...call.form };
  // Confidential clients authenticate with Basic; public ones identify with client_id in the body.
  if (config.clientSecret) headers.authorization = `Basic ${Buffer.from(`${config.clientId}:${config.clientSecret}`).toString("base64")}`;
  else form.client_id = config.clientId;
  try {
    const res = await fetch(new URL(`/2/oauth2/${call.endpoint}`, config.apiUrl), { method: "POST", headers, body: new URLSearchParams(form), signal: AbortSignal.timeout(config.timeoutMs) });
    if (res.status >= 500 || res.status === 429) throw new XTransientError(`X's OAuth ${call.endpoint} endpoint answered HTTP ${res.status}.`, res.status);
    return { status: res.status, body: await res.json().catch(() => undefined) };
  } catch (err) {
    if (err instanceof XTransientError) throw err;
    throw new XTransientError(`X's OAuth ${call.endpoint} endpoint could not be reached or timed out.`, null);
  }
}

function toTokens(body: unknown, now: number): XTokens {
  const parsed = tokenAnswer.safeParse(body);
  if (!parsed.success) throw new XTransientError("X's token endpoint answered with an unexpected shape.", 200);
  const t = parsed.data;
  return { accessToken: t.access_token, refreshToken: t.refresh_token ?? null, expiresAt: new Date(now + t.expires_in * 1000), scopes: t.scope.split(" ").filter(Boolean) };
}

/** The RFC 6749 error code of a refused token call (never the description: it may echo input). */
const errorCode = (body: unknown) => oauthProblem.safeParse(body).data?.error ?? "unknown_error";

/** Trades the callback's code (with the PKCE verifier) for tokens. Throws XOAuthError when refused. */
export async function exchangeCode(code: string, verifier: string, redirectUri: string, config: XConfig = xConfigFromEnv()): Promise<XTokens> {
  const { status, body } = await postForm(config, { endpoint: "token", form: { grant_type: "authorization_code", code, redirect_uri: redirectUri, code_verifier: verifier } });
  if (status !== 200) {
    const error = errorCode(body);
    throw new XOAuthError(status === 401 ? "X refused the app's client credentials (check X_CLIENT_ID / X_CLIENT_SECRET)." : "X refused the authorization code (expired, already used, or the PKCE verifier does not match).", error);
  }
  return toTokens(body, Date.now());
}

/**
 * Trades a refresh token for a NEW pair; the old refresh token is dead from here on.
 * invalid_grant / invalid_request (X answers the latter for a spent or revoked token) ->
 * XNeedsReauthError; network, timeout, 5xx, 429 -> XTransientError (retry with the SAME token).
 */
export async function refreshTokens(refreshToken: string, config: XConfig = xConfigFromEnv()): Promise<XTokens> {
  const { status, body } = await postForm(config, { endpoint: "token", form: { grant_type: "refresh_token", refresh_token: refreshToken } });
  if (status === 200) return toTokens(body, Date.now());
  const error = errorCode(body);
  if (status === 400 && (error === "invalid_grant" || error === "invalid_request")) throw new XNeedsReauthError("X refused the refresh token: the account must be reconnected.");
  throw new XOAuthError(status === 401 ? "X refused the app's client credentials (check X_CLIENT_ID / X_CLIENT_SECRET)." : `X refused the refresh (HTTP ${status}).`, error);
}

/** Revokes an access or refresh token (disconnect). X answers { revoked: true }. */
export async function revokeToken(token: string, config: XConfig = xConfigFromEnv()): Promise<void> {
  const { status, body } = await postForm(config, { endpoint: "revoke", form: { token } });
  if (status !== 200) throw new XOAuthError(`X refused to revoke the token (HTTP ${status}).`, errorCode(body));
}
