/**
 * Salesforce's OAuth 2.0 web-server flow with PKCE, as an External Client App runs it
 * (docs/crm/salesforce.md, "Connecting"): authorize at `${SALESFORCE_LOGIN_URL}/services/oauth2/authorize`,
 * then `POST /services/oauth2/token` (form-encoded, client id + secret in the body) for the
 * authorization_code grant (with code_verifier) and the refresh_token grant, and
 * `POST /services/oauth2/revoke`.
 *
 * The token answer carries `instance_url` (where every API call goes) and `id` (the identity
 * URL, holding the org and user ids) but usually no `expires_in`: an access token lives as long
 * as the org's session timeout (2 h by default, 15 min to 24 h). Leadline assumes 2 h from
 * `issued_at`; in an org with a shorter timeout the first call after expiry answers 401
 * INVALID_SESSION_ID and the token manager refreshes then. A refresh answers no
 * `refresh_token` unless the app has refresh-token rotation on, in which case the new one
 * replaces the old: `refreshToken` is whatever came back, null meaning "keep yours".
 */
import { z } from "zod";
import { CrmAuthError, CrmConfigError, CrmUnavailableError, type CrmOAuthGrant, type CrmOAuthProvider, type CrmTokenSet } from "../crm-connector";
import { SALESFORCE_SCOPES } from "./salesforce-connector";
import { salesforceConfig, type SalesforceConfig } from "./salesforce-config";

/** Assumed access-token lifetime: Salesforce's default session timeout. */
export const ASSUMED_SESSION_MS = 2 * 60 * 60 * 1000;

const tokenAnswer = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  instance_url: z.url(),
  id: z.url(),
  issued_at: z.string().regex(/^\d+$/).optional(),
  expires_in: z.coerce.number().int().positive().optional(),
  scope: z.string().optional(),
  token_type: z.string().optional(),
});
type TokenAnswer = z.infer<typeof tokenAnswer>;
const oauthError = z.object({ error: z.string(), error_description: z.string().optional() });

function requireClient(config: SalesforceConfig): { clientId: string; clientSecret: string } {
  if (!config.clientId || !config.clientSecret) throw new CrmConfigError("Salesforce is not configured: set SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET.");
  return { clientId: config.clientId, clientSecret: config.clientSecret };
}

/** One form POST to the login host. Bodies hold secrets: errors carry the OAuth error code only. */
async function postForm(config: SalesforceConfig, path: string, operation: string, form: Record<string, string>): Promise<{ status: number; body: unknown }> {
  let res: Response;
  let text: string;
  try {
    res = await fetch(`${config.loginUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams(form),
      signal: AbortSignal.timeout(config.timeoutMs),
    });
    text = await res.text();
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    throw new CrmUnavailableError(`Salesforce ${operation} ${timedOut ? `timed out after ${config.timeoutMs} ms` : "could not reach the login server"}`);
  }
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, body };
}

async function tokenCall(config: SalesforceConfig, operation: string, form: Record<string, string>): Promise<TokenAnswer> {
  const { status, body } = await postForm(config, "/services/oauth2/token", operation, form);
  if (status >= 500 || status === 429) throw new CrmUnavailableError(`Salesforce ${operation}: the login server answered ${status}`);
  if (status !== 200) {
    const error = oauthError.safeParse(body).data?.error ?? String(status);
    // A wrong client id/secret is this server's set-up, not the customer's grant.
    if (error === "invalid_client" || error === "invalid_client_id" || error === "unauthorized_client") throw new CrmConfigError(`Salesforce ${operation}: the client id or secret was refused (${error})`);
    throw new CrmAuthError(`Salesforce ${operation}: refused (${error})`);
  }
  const parsed = tokenAnswer.safeParse(body);
  if (!parsed.success) throw new CrmUnavailableError(`Salesforce ${operation}: the token answer could not be read`);
  const instance = new URL(parsed.data.instance_url);
  const loopback = instance.hostname === "127.0.0.1" || instance.hostname === "localhost";
  if (instance.protocol !== "https:" && !loopback) throw new CrmAuthError(`Salesforce ${operation}: the instance URL is not https`);
  return parsed.data;
}

function toTokenSet(answer: TokenAnswer, now: number): CrmTokenSet & { metadata: Record<string, string> } {
  const issuedAt = answer.issued_at ? Number(answer.issued_at) : now;
  const lifetime = answer.expires_in ? answer.expires_in * 1000 : ASSUMED_SESSION_MS;
  const [orgId, userId] = new URL(answer.id).pathname.split("/").filter(Boolean).slice(-2);
  const metadata: Record<string, string> = { instanceUrl: new URL(answer.instance_url).origin, identityUrl: answer.id };
  if (orgId) metadata.orgId = orgId;
  if (userId) metadata.userId = userId;
  return { accessToken: answer.access_token, refreshToken: answer.refresh_token ?? null, expiresAt: new Date(Math.min(issuedAt, now) + lifetime), metadata };
}

export function buildSalesforceAuthorizeUrl(config: SalesforceConfig, input: { state: string; redirectUri: string; codeChallenge: string | null }): string {
  const { clientId } = requireClient(config);
  const url = new URL(`${config.loginUrl}/services/oauth2/authorize`);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", clientId);
  url.searchParams.set("redirect_uri", input.redirectUri);
  url.searchParams.set("scope", SALESFORCE_SCOPES.join(" "));
  url.searchParams.set("state", input.state);
  // Salesforce takes the base64url SHA-256 of the verifier; S256 is the only method it documents.
  if (input.codeChallenge) {
    url.searchParams.set("code_challenge", input.codeChallenge);
    url.searchParams.set("code_challenge_method", "S256");
  }
  return url.toString();
}

/** `read` is called on every use (tests point it at a fake); production reads the environment. */
export function createSalesforceOAuthProvider(read: () => SalesforceConfig = salesforceConfig): CrmOAuthProvider {
  return {
    id: "salesforce",
    usesPkce: true,
    configured() {
      const config = read();
      return Boolean(config.clientId && config.clientSecret);
    },
    authorizeUrl: (input) => buildSalesforceAuthorizeUrl(read(), input),

    async exchange({ code, redirectUri, codeVerifier }): Promise<CrmOAuthGrant> {
      const config = read();
      const client = requireClient(config);
      const form: Record<string, string> = { grant_type: "authorization_code", code, redirect_uri: redirectUri, client_id: client.clientId, client_secret: client.clientSecret };
      if (codeVerifier) form.code_verifier = codeVerifier;
      const tokens = toTokenSet(await tokenCall(config, "token.exchange", form), Date.now());
      if (!tokens.refreshToken) throw new CrmAuthError("Salesforce token.exchange: no refresh token; the External Client App must allow the refresh_token scope");
      return { ...tokens, label: `Salesforce (${new URL(tokens.metadata.instanceUrl ?? "").host})` };
    },

    async refresh(refreshToken: string): Promise<CrmTokenSet> {
      const config = read();
      const client = requireClient(config);
      const answer = await tokenCall(config, "token.refresh", { grant_type: "refresh_token", refresh_token: refreshToken, client_id: client.clientId, client_secret: client.clientSecret });
      return toTokenSet(answer, Date.now());
    },

    async revoke(token: string): Promise<void> {
      const config = read();
      const { status, body } = await postForm(config, "/services/oauth2/revoke", "token.revoke", { token });
      if (status === 200) return;
      // Already revoked or expired: the goal is reached.
      if (status === 400 && oauthError.safeParse(body).data?.error === "invalid_token") return;
      if (status >= 500 || status === 429) throw new CrmUnavailableError(`Salesforce token.revoke: the login server answered ${status}`);
      throw new CrmAuthError(`Salesforce token.revoke: refused (${oauthError.safeParse(body).data?.error ?? status})`);
    },
  };
}

export const salesforceOAuthProvider: CrmOAuthProvider = createSalesforceOAuthProvider();
