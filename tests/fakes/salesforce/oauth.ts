/**
 * Salesforce's OAuth 2.0 web-server flow with PKCE, as an External Client App with "Require
 * PKCE" on runs it: the consent page at /services/oauth2/authorize, the token endpoint
 * (authorization_code with code_verifier; refresh_token, rotating only when the app has
 * refresh-token rotation on) and /services/oauth2/revoke. Client credentials come in the form
 * body (or HTTP Basic). Codes are single-use and live 15 minutes.
 */
import { createHash, randomBytes } from "node:crypto";
import { consentPage, errorPage } from "../shared/consent-page";
import { withQuery, type Params } from "../shared/http";
import { invalidClient, invalidGrant, oauthError, type SfAnswer } from "./errors";
import type { SalesforceStore } from "./state";

export interface OAuthConfig {
  store: SalesforceStore;
  origin: () => string;
  now: () => number;
  clientId: string;
  clientSecret: string;
  /** Registered callback URLs (exact match); any http(s) URL when undefined. */
  callbackUrls: string[] | undefined;
  rotateRefreshTokens: boolean;
  sessionLifetimeMs: number;
  pending: Map<string, { redirectUri: string; state: string | undefined; challenge: string; scope: string }>;
}

const CODE_LIFETIME_MS = 15 * 60 * 1000;
const SCOPES = new Set(["api", "refresh_token", "offline_access", "id", "profile", "email", "openid", "full", "web"]);

export type PageAnswer = { html: string; status: number } | { redirect: string };

export function authorize(c: OAuthConfig, path: string, p: Params): PageAnswer {
  const decision = /\/(allow|deny)$/.exec(path)?.[1];
  if (decision) return decide(c, p.request, decision === "allow");
  const fail = (message: string): PageAnswer => ({ status: 400, html: errorPage("Salesforce", message) });
  if (p.client_id !== c.clientId) return fail("error=invalid_client_id: client identifier invalid");
  if (!p.redirect_uri || (c.callbackUrls ? !c.callbackUrls.includes(p.redirect_uri) : !/^https?:\/\//.test(p.redirect_uri))) return fail("error=redirect_uri_mismatch: redirect_uri must match configuration");
  const back = (error: string, description: string): PageAnswer => ({ redirect: withQuery(p.redirect_uri as string, { error, error_description: description, state: p.state }) });
  if (p.response_type !== "code") return back("unsupported_response_type", "response type not supported");
  const scopes = (p.scope ?? "").split(/[ +]/).filter(Boolean);
  if (scopes.some((s) => !SCOPES.has(s))) return back("invalid_scope", "the requested scope is not allowed");
  if (!p.code_challenge) return back("invalid_request", "missing required code challenge");
  if (p.code_challenge_method && p.code_challenge_method !== "S256") return back("invalid_request", "invalid code challenge method");
  const request = randomBytes(12).toString("base64url");
  c.pending.set(request, { redirectUri: p.redirect_uri, state: p.state, challenge: p.code_challenge, scope: scopes.join(" ") || "api refresh_token" });
  const base = `${c.origin()}/services/oauth2/authorize`;
  return {
    status: 200,
    html: consentPage({ service: "Salesforce", appName: "Leadline", who: `admin@${c.store.orgName.toLowerCase().replace(/\W+/g, "")}.example`, grants: scopes.length > 0 ? scopes : ["api", "refresh_token"], allowUrl: `${base}/allow?request=${request}`, denyUrl: `${base}/deny?request=${request}` }),
  };
}

function decide(c: OAuthConfig, request: string | undefined, allow: boolean): PageAnswer {
  const pending = request ? c.pending.get(request) : undefined;
  if (!pending || !request) return { status: 400, html: errorPage("Salesforce", "This authorization request has expired.") };
  c.pending.delete(request);
  if (!allow) return { redirect: withQuery(pending.redirectUri, { error: "access_denied", error_description: "end-user denied authorization", state: pending.state }) };
  const code = `aPrx${randomBytes(30).toString("base64url")}`;
  c.store.codes.set(code, { redirectUri: pending.redirectUri, challenge: pending.challenge, expiresAt: c.now() + CODE_LIFETIME_MS, used: false, scope: pending.scope });
  return { redirect: withQuery(pending.redirectUri, { code, state: pending.state }) };
}

function clientOk(c: OAuthConfig, authorization: string | undefined, p: Params): boolean {
  const basic = /^Basic\s+(.+)$/i.exec(authorization ?? "")?.[1];
  if (basic) return Buffer.from(basic, "base64").toString("utf8") === `${c.clientId}:${c.clientSecret}`;
  return p.client_id === c.clientId && p.client_secret === c.clientSecret;
}

/** Tokens shaped like Salesforce's answer (no expires_in: the org's session timeout decides). */
export function issueTokens(c: OAuthConfig, scope: string, refreshToken: string | null): Record<string, string> {
  const { store } = c;
  const accessToken = `${store.orgId.slice(0, 15)}!AQ${randomBytes(40).toString("base64url")}`;
  const issuedAt = String(c.now());
  store.accessTokens.set(accessToken, { expiresAt: c.now() + c.sessionLifetimeMs, refreshToken });
  const id = `${c.origin()}/id/${store.orgId}/${store.userId}`;
  const answer: Record<string, string> = {
    access_token: accessToken,
    signature: createHash("sha256").update(`${id}${issuedAt}`).digest("base64"),
    scope,
    instance_url: c.origin(),
    id,
    token_type: "Bearer",
    issued_at: issuedAt,
  };
  if (refreshToken) answer.refresh_token = refreshToken;
  return answer;
}

function newRefreshToken(c: OAuthConfig): string {
  const token = `5Aep${randomBytes(40).toString("base64url")}`;
  c.store.refreshTokens.set(token, { valid: true });
  return token;
}

export function token(c: OAuthConfig, authorization: string | undefined, p: Params): SfAnswer {
  if (!clientOk(c, authorization, p)) return invalidClient();
  if (p.grant_type === "refresh_token") {
    const refresh = p.refresh_token ? c.store.refreshTokens.get(p.refresh_token) : undefined;
    if (!refresh?.valid || !p.refresh_token) return invalidGrant("expired access/refresh token");
    if (!c.rotateRefreshTokens) return { status: 200, body: withoutRefresh(issueTokens(c, "api refresh_token", p.refresh_token)) };
    refresh.valid = false;
    return { status: 200, body: issueTokens(c, "api refresh_token", newRefreshToken(c)) };
  }
  if (p.grant_type !== "authorization_code") return oauthError(400, "unsupported_grant_type", "grant type not supported");
  const grant = p.code ? c.store.codes.get(p.code) : undefined;
  if (!grant || grant.used || grant.expiresAt <= c.now()) return invalidGrant("expired authorization code");
  grant.used = true; // single use, even when the rest of the request is wrong
  if (grant.redirectUri !== p.redirect_uri) return invalidGrant("redirect_uri must match configuration");
  if (!p.code_verifier) return invalidGrant("code verifier required");
  if (createHash("sha256").update(p.code_verifier).digest("base64url") !== grant.challenge) return invalidGrant("invalid code verifier");
  const refreshToken = grant.scope.split(" ").some((s) => s === "refresh_token" || s === "offline_access") ? newRefreshToken(c) : null;
  return { status: 200, body: issueTokens(c, grant.scope, refreshToken) };
}

/** The refresh grant keeps the old refresh token: the answer has none. */
function withoutRefresh(answer: Record<string, string>): Record<string, string> {
  const { refresh_token: _dropped, ...rest } = answer;
  return rest;
}

/** Revoking a refresh token also ends the access tokens issued from it. */
export function revoke(c: OAuthConfig, p: Params): SfAnswer {
  const tokenValue = p.token ?? "";
  const { store } = c;
  if (store.accessTokens.delete(tokenValue)) return { status: 200, body: "" };
  const refresh = store.refreshTokens.get(tokenValue);
  if (!refresh?.valid) return oauthError(400, "invalid_token", "invalid token");
  refresh.valid = false;
  for (const [access, grant] of store.accessTokens) if (grant.refreshToken === tokenValue) store.accessTokens.delete(access);
  return { status: 200, body: "" };
}
