/**
 * Pipedrive's OAuth server (pipedrive.readme.io/docs/marketplace-oauth-authorization and
 * .../marketplace-oauth-and-api-proxy-status-codes, checked 2026-11-30): GET /oauth/authorize
 * (client_id, redirect_uri, state; scopes are fixed in Developer Hub, not asked for per request;
 * no PKCE), then POST /oauth/token, form-encoded only, client authenticated with HTTP Basic (or
 * client_id/client_secret in the body). Codes live 5 minutes and work once; access tokens 60
 * minutes; a refresh answers with the SAME refresh token (its 60-day expiry extended), plus
 * `api_domain`, the company's own API origin.
 */
import { randomBytes } from "node:crypto";
import { consentPage, errorPage } from "../shared/consent-page";
import { withQuery, type Params } from "../shared/http";
import { oauthError, type PdAnswer } from "./answers";

export interface OAuthState {
  clientId: string;
  clientSecret: string;
  origin: () => string;
  now: () => number;
  redirectUris: string[] | undefined;
  scope: string;
  accessLifetimeSeconds: number;
  pending: Map<string, { redirectUri: string; state: string | undefined }>;
  codes: Map<string, { redirectUri: string; expiresAt: number; used: boolean }>;
  accessTokens: Map<string, number>;
  refreshTokens: Set<string>;
  who: string;
}

export type PageAnswer = { html: string; status: number } | { redirect: string };

export function authorize(c: OAuthState, path: string, p: Params): PageAnswer {
  const decision = /\/(allow|deny)$/.exec(path)?.[1];
  if (decision) {
    const pending = p.request ? c.pending.get(p.request) : undefined;
    if (!pending || !p.request) return { status: 400, html: errorPage("Pipedrive", "This authorization request has expired.") };
    c.pending.delete(p.request);
    if (decision === "deny") return { redirect: withQuery(pending.redirectUri, { error: "user_denied", state: pending.state }) };
    const code = `${Date.now()}.${randomBytes(24).toString("hex")}`;
    c.codes.set(code, { redirectUri: pending.redirectUri, expiresAt: c.now() + 5 * 60_000, used: false });
    return { redirect: withQuery(pending.redirectUri, { code, state: pending.state }) };
  }
  if (p.client_id !== c.clientId) return { status: 400, html: errorPage("Pipedrive", "Invalid client: client is invalid") };
  const uriOk = p.redirect_uri && (c.redirectUris ? c.redirectUris.includes(p.redirect_uri) : /^https?:\/\//.test(p.redirect_uri));
  if (!uriOk || !p.redirect_uri) return { status: 400, html: errorPage("Pipedrive", "Invalid request: redirect_uri is invalid") };
  const request = randomBytes(12).toString("base64url");
  c.pending.set(request, { redirectUri: p.redirect_uri, state: p.state });
  const base = `${c.origin()}/oauth/authorize`;
  return {
    status: 200,
    html: consentPage({ service: "Pipedrive", appName: "Leadline", who: c.who, grants: c.scope.split(","), allowUrl: `${base}/allow?request=${request}`, denyUrl: `${base}/deny?request=${request}` }),
  };
}

function clientOk(c: OAuthState, authorization: string | undefined, p: Params): boolean {
  const basic = /^Basic\s+(.+)$/i.exec(authorization ?? "")?.[1];
  if (basic) return Buffer.from(basic, "base64").toString("utf8") === `${c.clientId}:${c.clientSecret}`;
  return p.client_id === c.clientId && p.client_secret === c.clientSecret;
}

/** Tokens as /oauth/token answers them. */
export function issue(c: OAuthState, refreshToken?: string): Record<string, string | number> {
  const access = `v1u:${randomBytes(32).toString("base64url")}`;
  c.accessTokens.set(access, c.now() + c.accessLifetimeSeconds * 1000);
  const refresh = refreshToken ?? `${randomBytes(8).toString("hex")}:${randomBytes(24).toString("hex")}`;
  c.refreshTokens.add(refresh);
  return { access_token: access, token_type: "bearer", refresh_token: refresh, scope: c.scope, expires_in: c.accessLifetimeSeconds, api_domain: c.origin() };
}

export function token(c: OAuthState, contentType: string | undefined, authorization: string | undefined, p: Params): PdAnswer {
  if (!(contentType ?? "").includes("application/x-www-form-urlencoded")) return oauthError(400, "invalid_request", "Invalid request: content must be application/x-www-form-urlencoded");
  if (!p.grant_type) return oauthError(400, "invalid_request", "Missing parameter: `grant_type`");
  if (!clientOk(c, authorization, p)) return oauthError(401, "invalid_client", "Invalid client: client is invalid");
  if (p.grant_type === "refresh_token") {
    if (!p.refresh_token || !c.refreshTokens.has(p.refresh_token)) return oauthError(400, "invalid_grant", "Invalid grant: refresh_token is invalid");
    return { status: 200, body: issue(c, p.refresh_token) };
  }
  if (p.grant_type !== "authorization_code") return oauthError(400, "unsupported_grant_type", "Unsupported grant type: `grant_type` is invalid");
  const code = p.code ? c.codes.get(p.code) : undefined;
  if (!code || code.used) return oauthError(400, "invalid_grant", "Invalid grant: `authorization_code` is invalid");
  if (code.expiresAt <= c.now()) return oauthError(400, "invalid_grant", "Invalid grant: `authorization_code` has expired");
  if (code.redirectUri !== p.redirect_uri) return oauthError(400, "invalid_request", "Invalid request: `redirect_uri` is invalid");
  code.used = true;
  return { status: 200, body: issue(c) };
}
