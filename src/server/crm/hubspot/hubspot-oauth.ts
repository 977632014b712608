/**
 * HubSpot's OAuth (docs/crm/hubspot.md#oauth): the install page at HUBSPOT_AUTH_URL, then the
 * token endpoint `POST /oauth/<version>/token` (form-encoded, client id and secret in the body:
 * the v1 endpoint that took them in the query is retired on 2027-02-16). Access tokens live 30
 * minutes; refresh tokens do not rotate (HubSpot returns the same one). The portal id and time
 * zone come from the account-info endpoint and go into the connection's metadata (the time zone
 * tells when a daily rate limit resets).
 */
import { z } from "zod";
import { CrmAuthError, CrmConfigError, CrmRateLimitedError, CrmUnavailableError, type CrmOAuthProvider, type CrmTokenSet } from "../crm-connector";
import { callHubSpotData } from "./hubspot-client";
import { hubspotConfig, hubspotPath, type HubSpotConfig } from "./hubspot-config";
import { accountDetails, HUBSPOT_SCOPES } from "./hubspot-connector";
import { describeError, parseErrorBody, rateLimitWait } from "./hubspot-errors";

const tokenAnswer = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  expires_in: z.number().int().positive().optional(),
  hub_id: z.number().int().optional(),
});

function requireClient(config: HubSpotConfig): { clientId: string; clientSecret: string } {
  if (!config.clientId || !config.clientSecret) throw new CrmConfigError("HubSpot is not configured: set HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET.");
  return { clientId: config.clientId, clientSecret: config.clientSecret };
}

/** One token call. The body holds the secret and the code or refresh token: errors name the grant and HubSpot's codes only. */
async function tokenCall(config: HubSpotConfig, grant: "authorization_code" | "refresh_token", params: Record<string, string>, now: Date): Promise<CrmTokenSet & { hubId: number | null }> {
  const { clientId, clientSecret } = requireClient(config);
  const url = `${config.apiUrl}${hubspotPath(config.version, "oauth", "token")}`;
  let res: Response;
  let body: unknown;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({ grant_type: grant, client_id: clientId, client_secret: clientSecret, ...params }),
      signal: AbortSignal.timeout(config.timeoutMs),
    });
    body = await res.json().catch(() => undefined);
  } catch {
    throw new CrmUnavailableError(`HubSpot token (${grant}) could not be reached or timed out`);
  }
  if (res.status === 429) {
    const wait = rateLimitWait(parseErrorBody(body), res.headers, undefined, now);
    throw new CrmRateLimitedError(`HubSpot token (${grant}) rate-limited`, wait.ms, wait.scope);
  }
  if (res.status >= 500) throw new CrmUnavailableError(`HubSpot token (${grant}) failed with HTTP ${res.status}`);
  if (!res.ok) {
    // invalid_grant (revoked / unknown refresh token, spent code), or a client HubSpot refuses:
    // either way these credentials will not work again.
    const oauthError = typeof body === "object" && body !== null && "error" in body && typeof body.error === "string" ? body.error.slice(0, 50) : null;
    throw new CrmAuthError(`HubSpot token (${grant}) refused with HTTP ${res.status}: ${oauthError ?? describeError(parseErrorBody(body))}`);
  }
  const parsed = tokenAnswer.safeParse(body);
  if (!parsed.success) throw new CrmUnavailableError(`HubSpot token (${grant}) answered with a body we could not read`);
  const t = parsed.data;
  return { accessToken: t.access_token, refreshToken: t.refresh_token ?? null, expiresAt: t.expires_in ? new Date(now.getTime() + t.expires_in * 1000) : null, hubId: t.hub_id ?? null };
}

const NO_PACING = { beforeRequest: async () => {} };

export function createHubSpotOAuthProvider(config: () => HubSpotConfig = hubspotConfig, clock: () => Date = () => new Date()): CrmOAuthProvider {
  return {
    id: "hubspot",
    usesPkce: false,
    configured: () => {
      const c = config();
      return !!c.clientId && !!c.clientSecret;
    },
    authorizeUrl({ state, redirectUri }) {
      const c = config();
      const url = new URL(c.authUrl);
      url.searchParams.set("client_id", requireClient(c).clientId);
      url.searchParams.set("redirect_uri", redirectUri);
      url.searchParams.set("scope", HUBSPOT_SCOPES.join(" "));
      url.searchParams.set("state", state);
      return url.toString();
    },
    async exchange({ code, redirectUri }) {
      const c = config();
      const tokens = await tokenCall(c, "authorization_code", { code, redirect_uri: redirectUri }, clock());
      const creds = { connectionId: "", accessToken: tokens.accessToken, metadata: {} };
      // Outside a sync run: the engine's pacing does not apply to connecting.
      const details = await callHubSpotData(c, creds, NO_PACING, { method: "GET", api: "account-info", rest: "details", operation: "account.details" }, accountDetails);
      if (tokens.hubId !== null && tokens.hubId !== details.portalId) throw new CrmAuthError("HubSpot token and account details name different portals");
      const metadata: Record<string, string> = { portalId: String(details.portalId) };
      if (details.timeZone) metadata.timeZone = details.timeZone;
      if (details.uiDomain) metadata.uiDomain = details.uiDomain;
      return { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt, label: `HubSpot portal ${details.portalId}`, metadata };
    },
    async refresh(refreshToken) {
      const tokens = await tokenCall(config(), "refresh_token", { refresh_token: refreshToken }, clock());
      // HubSpot hands the same refresh token back; keep ours when it does not.
      return { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken ?? refreshToken, expiresAt: tokens.expiresAt };
    },
  };
}

export const hubspotOAuthProvider: CrmOAuthProvider = createHubSpotOAuthProvider();
