/**
 * Pipedrive OAuth 2.0 (pipedrive.readme.io/docs/marketplace-oauth-authorization, checked
 * 2026-11-30): the browser goes to PIPEDRIVE_OAUTH_URL/oauth/authorize?client_id&redirect_uri&
 * state (the scopes are the app's, set in Developer Hub: none in the URL; no PKCE); the code
 * (valid 5 minutes, once) is traded at /oauth/token, form-encoded, the client authenticated with
 * HTTP Basic. Access tokens live 60 minutes. A refresh returns the same refresh token with its
 * 60-day expiry pushed back (not rotated: we still store what it returns). Every answer names
 * `api_domain`, the company's own API origin, kept in the connection's metadata.
 */
import { z } from "zod";
import { CrmAuthError, CrmConfigError, CrmUnavailableError, type CrmOAuthGrant, type CrmOAuthProvider, type CrmTokenSet } from "../crm-connector";
import { callPipedrive } from "./pipedrive-client";
import { METADATA, pipedriveConfig, type PipedriveConfig } from "./pipedrive-config";
import { userMeAnswer } from "./pipedrive-schemas";

/** What the app must be granted in Developer Hub (admin: to create the "Leadline ID" person field). */
export const PIPEDRIVE_SCOPES = ["base", "contacts:full", "leads:full", "deals:read", "search:read", "admin"] as const;

const tokenAnswer = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().positive(),
  api_domain: z.url(),
  scope: z.string().optional(),
});

function requireClient(config: PipedriveConfig): { clientId: string; clientSecret: string } {
  if (!config.clientId || !config.clientSecret) throw new CrmConfigError("Pipedrive OAuth is not configured: set PIPEDRIVE_CLIENT_ID and PIPEDRIVE_CLIENT_SECRET.");
  return { clientId: config.clientId, clientSecret: config.clientSecret };
}

/** POST /oauth/token. The body holds a code or refresh token: never logged, errors name the grant only. */
async function tokenCall(grant: "authorization_code" | "refresh_token", params: Record<string, string>, config: PipedriveConfig): Promise<z.infer<typeof tokenAnswer>> {
  const { clientId, clientSecret } = requireClient(config);
  let res: Response;
  let body: unknown;
  try {
    res = await fetch(`${config.oauthUrl}/oauth/token`, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`, "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({ grant_type: grant, ...params }),
      signal: AbortSignal.timeout(config.timeoutMs),
    });
    body = await res.json().catch(() => undefined);
  } catch {
    throw new CrmUnavailableError(`Pipedrive OAuth ${grant} could not be reached or timed out`);
  }
  if (res.status >= 500) throw new CrmUnavailableError(`Pipedrive OAuth ${grant} failed with HTTP ${res.status}`);
  if (res.status === 401 || (typeof body === "object" && body !== null && "error" in body && body.error === "invalid_client")) {
    throw new CrmConfigError(`Pipedrive OAuth ${grant}: the client id or secret was refused`);
  }
  // invalid_grant (a spent, expired or revoked code / refresh token) and every other 4xx.
  if (!res.ok) throw new CrmAuthError(`Pipedrive OAuth ${grant} was refused (HTTP ${res.status}): reconnect Pipedrive`);
  const parsed = tokenAnswer.safeParse(body);
  if (!parsed.success) throw new CrmUnavailableError(`Pipedrive OAuth ${grant} answered with a body Leadline cannot read`);
  return parsed.data;
}

function tokenSet(answer: z.infer<typeof tokenAnswer>, now: number): CrmTokenSet {
  return {
    accessToken: answer.access_token,
    refreshToken: answer.refresh_token,
    expiresAt: new Date(now + answer.expires_in * 1000),
    metadata: { [METADATA.authKind]: "oauth", [METADATA.apiDomain]: answer.api_domain.replace(/\/+$/, "") },
  };
}

export function buildPipedriveAuthorizeUrl(config: PipedriveConfig, input: { state: string; redirectUri: string }): string {
  const url = new URL(`${config.oauthUrl}/oauth/authorize`);
  url.searchParams.set("client_id", requireClient(config).clientId);
  url.searchParams.set("redirect_uri", input.redirectUri);
  url.searchParams.set("state", input.state);
  return url.toString();
}

export const pipedriveOAuthProvider: CrmOAuthProvider = {
  id: "pipedrive",
  usesPkce: false,
  configured: () => {
    const config = pipedriveConfig();
    return Boolean(config.clientId && config.clientSecret);
  },
  authorizeUrl: ({ state, redirectUri }) => buildPipedriveAuthorizeUrl(pipedriveConfig(), { state, redirectUri }),

  async exchange({ code, redirectUri }): Promise<CrmOAuthGrant> {
    const config = pipedriveConfig();
    const tokens = tokenSet(await tokenCall("authorization_code", { code, redirect_uri: redirectUri }, config), Date.now());
    const metadata = tokens.metadata ?? {};
    // The company it belongs to, for the connection's label (2 tokens).
    const me = await callPipedrive({ connectionId: "new", accessToken: tokens.accessToken, metadata }, { beforeRequest: async () => {} }, { method: "GET", path: "/api/v1/users/me", operation: "users.me" }, userMeAnswer, config);
    if (me.data.company_domain) metadata.companyDomain = me.data.company_domain;
    if (me.data.company_id !== undefined) metadata.companyId = String(me.data.company_id);
    return { ...tokens, metadata, label: me.data.company_name || me.data.company_domain || `company ${me.data.company_id ?? me.data.id}` };
  },

  async refresh(refreshToken) {
    return tokenSet(await tokenCall("refresh_token", { refresh_token: refreshToken }, pipedriveConfig()), Date.now());
  },
};
