/**
 * HubSpot's install page and token endpoint (docs/crm/hubspot.md#oauth). The consent page is
 * served at /oauth/authorize (HUBSPOT_AUTH_URL points here in tests); the token endpoint answers at
 * /oauth/v1/token, /oauth/v3/token and /oauth/<date>/token, form-encoded, with client id and
 * secret in the body. Codes are single-use; refresh tokens do not rotate; a revoked or unknown
 * refresh token is a 400 (v1's `status: BAD_REFRESH_TOKEN` and OAuth's `error: invalid_grant`).
 */
import { randomBytes } from "node:crypto";
import { consentPage, errorPage } from "../shared/consent-page";
import { withQuery, type Params } from "../shared/http";
import { correlationId, type HubSpotAnswer } from "./errors";
import { issueTokens, type HubSpotStore } from "./state";

export interface OAuthConfig {
  store: HubSpotStore;
  origin: () => string;
  now: () => number;
  codeLifetimeMs: number;
  accessLifetimeSeconds: number;
  pending: Map<string, { redirectUri: string; state: string; scopes: string[] }>;
}

export type PageAnswer = { html: string; status: number } | { redirect: string };

const SCOPE = /^(oauth|crm\.[a-z_.]+|[a-z_]+(\.[a-z_]+)*)$/;

export function authorize(c: OAuthConfig, path: string, p: Params): PageAnswer {
  const decision = /\/(allow|deny)$/.exec(path)?.[1];
  if (decision) return decide(c, p.request, decision === "allow");
  const fail = (message: string): PageAnswer => ({ status: 400, html: errorPage("HubSpot", message) });
  if (p.client_id !== c.store.clientId) return fail("Couldn't complete the connection: invalid client_id.");
  if (!p.redirect_uri || !/^https?:\/\//.test(p.redirect_uri)) return fail("Couldn't complete the connection: invalid redirect_uri.");
  const scopes = (p.scope ?? "").split(/[ +]/).filter(Boolean);
  if (scopes.length === 0 || scopes.some((s) => !SCOPE.test(s))) return fail("Couldn't complete the connection: invalid scope.");
  const request = randomBytes(12).toString("base64url");
  c.pending.set(request, { redirectUri: p.redirect_uri, state: p.state ?? "", scopes });
  const base = `${c.origin()}/oauth/authorize`;
  return {
    status: 200,
    html: consentPage({ service: "HubSpot", appName: "Leadline", who: `portal ${c.store.portal.portalId}`, grants: scopes, allowUrl: `${base}/allow?request=${request}`, denyUrl: `${base}/deny?request=${request}` }),
  };
}

function decide(c: OAuthConfig, request: string | undefined, allow: boolean): PageAnswer {
  const pending = request ? c.pending.get(request) : undefined;
  if (!pending || !request) return { status: 400, html: errorPage("HubSpot", "This install request has expired.") };
  c.pending.delete(request);
  if (!allow) return { redirect: withQuery(pending.redirectUri, { error: "access_denied", state: pending.state }) };
  const code = randomBytes(18).toString("hex").replace(/(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-");
  c.store.codes.set(code, { redirectUri: pending.redirectUri, scopes: pending.scopes, expiresAt: c.now() + c.codeLifetimeMs, used: false });
  return { redirect: withQuery(pending.redirectUri, { code, state: pending.state }) };
}

const refused = (status: string, message: string, error: string): HubSpotAnswer => ({
  status: 400,
  body: { status, message, correlationId: correlationId(), error, error_description: message },
});

export function token(c: OAuthConfig, p: Params): HubSpotAnswer {
  const { store } = c;
  if (p.client_id !== store.clientId || p.client_secret !== store.clientSecret) return refused("BAD_CLIENT_ID", "missing or invalid client id or secret", "invalid_client");
  if (p.grant_type === "refresh_token") {
    const refresh = p.refresh_token ? store.refreshTokens.get(p.refresh_token) : undefined;
    if (!refresh || refresh.revoked || !p.refresh_token) return refused("BAD_REFRESH_TOKEN", "missing or unknown refresh token", "invalid_grant");
    const issued = issueTokens(store, refresh.scopes, c.now(), c.accessLifetimeSeconds);
    store.refreshTokens.delete(issued.refresh_token); // HubSpot keeps the refresh token: hand the same one back
    const grant = store.accessTokens.get(issued.access_token);
    if (grant) grant.refreshToken = p.refresh_token;
    return { status: 200, body: { ...issued, refresh_token: p.refresh_token } };
  }
  if (p.grant_type !== "authorization_code") return refused("BAD_GRANT_TYPE", "grant_type must be authorization_code or refresh_token", "unsupported_grant_type");
  const grant = store.codes.get(p.code ?? "");
  if (!grant || grant.used || grant.expiresAt <= c.now() || grant.redirectUri !== p.redirect_uri) return refused("BAD_AUTH_CODE", "missing or unknown auth code", "invalid_grant");
  grant.used = true;
  return { status: 200, body: issueTokens(store, grant.scopes, c.now(), c.accessLifetimeSeconds) };
}
