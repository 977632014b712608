/**
 * OAuth 2.0 Authorization Code with PKCE as X runs it (docs.x.com/fundamentals/authentication/
 * oauth-2-0/user-access-token, seen 2026-11): the consent page at /i/oauth2/authorize, then
 * POST /2/oauth2/token (form-encoded; confidential clients authenticate with Basic) for
 * authorization_code and refresh_token grants, and POST /2/oauth2/revoke. Access tokens live
 * 7200 s; refresh tokens (only with offline.access) are single-use and rotate on every refresh.
 */
import { createHash, randomBytes } from "node:crypto";
import { consentPage, errorPage } from "../shared/consent-page";
import { withQuery, type Params } from "../shared/http";
import { invalidGrant, missingParameter, unauthorizedClient, type XAnswer } from "./errors";
import { issueTokens, type XStore } from "./state";

export const X_SCOPES = new Set([
  "tweet.read", "tweet.write", "tweet.moderate.write", "users.read", "users.email", "follows.read", "follows.write",
  "offline.access", "space.read", "mute.read", "mute.write", "like.read", "like.write", "list.read", "list.write",
  "block.read", "block.write", "bookmark.read", "bookmark.write", "dm.read", "dm.write", "media.write",
]);

export interface OAuthConfig {
  store: XStore;
  origin: () => string;
  now: () => number;
  /** Registered callback URLs (exact match); any http(s) URL when undefined. */
  redirectUris: string[] | undefined;
  /** "public" clients send client_id; "confidential" ones must use Basic auth. */
  clientType: "public" | "confidential";
  codeLifetimeMs: number;
  pending: Map<string, { redirectUri: string; state: string; challenge: string; method: "S256" | "plain"; scopes: string[] }>;
}

export type PageAnswer = { html: string; status: number } | { redirect: string };

export function authorize(c: OAuthConfig, path: string, p: Params): PageAnswer {
  const decision = /\/(allow|deny)$/.exec(path)?.[1];
  if (decision) return decide(c, p.request, decision === "allow");
  const fail = (message: string): PageAnswer => ({ status: 400, html: errorPage("X", message) });
  if (p.response_type !== "code") return fail("response_type must be code.");
  if (p.client_id !== c.store.clientId) return fail("Something went wrong: the client_id is not valid.");
  if (!p.redirect_uri || (c.redirectUris ? !c.redirectUris.includes(p.redirect_uri) : !/^https?:\/\//.test(p.redirect_uri))) return fail("Something went wrong: the redirect_uri does not match the app's callback URLs.");
  const scopes = (p.scope ?? "").split(/[ +]/).filter(Boolean);
  if (scopes.length === 0 || scopes.some((s) => !X_SCOPES.has(s))) return fail(`Something went wrong: invalid scope "${p.scope ?? ""}".`);
  if (!p.state) return fail("Something went wrong: state is required.");
  const method = p.code_challenge_method === "plain" ? "plain" : p.code_challenge_method === "S256" ? "S256" : undefined;
  if (!p.code_challenge || !method) return fail("Something went wrong: code_challenge and code_challenge_method (S256 or plain) are required.");
  const request = randomBytes(12).toString("base64url");
  c.pending.set(request, { redirectUri: p.redirect_uri, state: p.state, challenge: p.code_challenge, method, scopes });
  const base = `${c.origin()}/i/oauth2/authorize`;
  return {
    status: 200,
    html: consentPage({ service: "X", appName: "Leadline", who: `@${c.store.account.username}`, grants: scopes, allowUrl: `${base}/allow?request=${request}`, denyUrl: `${base}/deny?request=${request}` }),
  };
}

function decide(c: OAuthConfig, request: string | undefined, allow: boolean): PageAnswer {
  const pending = request ? c.pending.get(request) : undefined;
  if (!pending || !request) return { status: 400, html: errorPage("X", "This authorization request has expired.") };
  c.pending.delete(request);
  if (!allow) return { redirect: withQuery(pending.redirectUri, { error: "access_denied", state: pending.state }) };
  const code = randomBytes(36).toString("base64url");
  c.store.codes.set(code, { redirectUri: pending.redirectUri, challenge: pending.challenge, method: pending.method, scopes: pending.scopes, expiresAt: c.now() + c.codeLifetimeMs, used: false });
  return { redirect: withQuery(pending.redirectUri, { state: pending.state, code }) };
}

/** Client authentication: Basic for confidential clients, client_id for public ones. */
function clientOk(c: OAuthConfig, authorization: string | undefined, p: Params): boolean {
  const basic = /^Basic\s+(.+)$/i.exec(authorization ?? "")?.[1];
  if (basic) return Buffer.from(basic, "base64").toString("utf8") === `${c.store.clientId}:${c.store.clientSecret}`;
  return c.clientType === "public" && p.client_id === c.store.clientId;
}

export function token(c: OAuthConfig, authorization: string | undefined, p: Params): XAnswer {
  if (!p.grant_type) return missingParameter("grant_type");
  if (!clientOk(c, authorization, p)) return unauthorizedClient();
  const { store } = c;
  if (p.grant_type === "refresh_token") {
    const refresh = p.refresh_token ? store.refreshTokens.get(p.refresh_token) : undefined;
    if (!refresh || refresh.used) return invalidGrant();
    refresh.used = true;
    return { status: 200, body: issueTokens(store, refresh.userId, refresh.scopes, c.now()) };
  }
  if (p.grant_type !== "authorization_code") return invalidGrant();
  for (const name of ["code", "redirect_uri", "code_verifier"]) if (!p[name]) return missingParameter(name);
  const grant = store.codes.get(p.code ?? "");
  if (!grant || grant.used || grant.expiresAt <= c.now() || grant.redirectUri !== p.redirect_uri) return invalidGrant();
  grant.used = true;
  const verifier = p.code_verifier ?? "";
  const derived = grant.method === "S256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
  if (derived !== grant.challenge) return invalidGrant();
  return { status: 200, body: issueTokens(store, store.account.id, grant.scopes, c.now()) };
}

export function revoke(c: OAuthConfig, authorization: string | undefined, p: Params): XAnswer {
  if (!clientOk(c, authorization, p)) return unauthorizedClient();
  if (!p.token) return missingParameter("token");
  c.store.accessTokens.delete(p.token);
  c.store.refreshTokens.delete(p.token);
  return { status: 200, body: { revoked: true } };
}
