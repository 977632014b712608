import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPipedriveFake, type PipedriveFake } from "../../../../tests/fakes/pipedrive/server";
import { resetEnvCache } from "../../infra/env/load-env";
import { CrmAuthError, CrmUnavailableError } from "../crm-connector";
import { pipedriveConnector } from "./pipedrive-connector";
import { pipedriveOAuthProvider as oauth } from "./pipedrive-oauth";

let fake: PipedriveFake;
const redirectUri = "http://leadline.test/api/oauth/pipedrive/callback";
const noPacing = { beforeRequest: async () => {} };

beforeAll(async () => {
  fake = await startPipedriveFake({ redirectUris: [redirectUri] });
  Object.assign(process.env, { PIPEDRIVE_OAUTH_URL: fake.url, PIPEDRIVE_API_URL: "http://127.0.0.1:9", PIPEDRIVE_CLIENT_ID: fake.clientId, PIPEDRIVE_CLIENT_SECRET: fake.clientSecret, PIPEDRIVE_TIMEOUT_MS: "2000" });
  resetEnvCache();
});
afterAll(async () => {
  await fake.close();
});

/** Opens the consent page and clicks a button, as a browser would; returns the callback URL. */
async function consent(button: "allow" | "cancel", state: string): Promise<URL> {
  const page = await (await fetch(oauth.authorizeUrl({ state, redirectUri, codeChallenge: null }))).text();
  const href = new RegExp(`id="${button}" href="([^"]+)"`).exec(page)?.[1]?.replaceAll("&#38;", "&");
  if (!href) throw new Error("no consent button");
  const answer = await fetch(href, { redirect: "manual" });
  return new URL(answer.headers.get("location") ?? "");
}

describe("pipedriveOAuthProvider against the fake", () => {
  it("is configured, asks with client_id, redirect_uri and state only (scopes live in Developer Hub, no PKCE)", () => {
    expect(oauth.configured()).toBe(true);
    const url = new URL(oauth.authorizeUrl({ state: "s1", redirectUri, codeChallenge: null }));
    expect(url.pathname).toBe("/oauth/authorize");
    expect([...url.searchParams.keys()].sort()).toEqual(["client_id", "redirect_uri", "state"]);
    expect(oauth.usesPkce).toBe(false);
  });

  it("trades the code for tokens, keeps api_domain, and the connector then calls with the bearer token", async () => {
    const back = await consent("allow", "s2");
    expect(back.searchParams.get("state")).toBe("s2");
    const grant = await oauth.exchange({ code: back.searchParams.get("code") ?? "", redirectUri, codeVerifier: null });
    expect(grant.label).toBe("Owen Bikes");
    expect(grant.metadata).toMatchObject({ authKind: "oauth", apiDomain: fake.url, companyDomain: "owenbikes", companyId: "555" });
    expect(grant.expiresAt?.getTime()).toBeGreaterThan(Date.now() + 3_000_000);
    // API calls go to api_domain, not PIPEDRIVE_API_URL (which points nowhere here).
    await expect(pipedriveConnector.testConnection({ connectionId: "c1", accessToken: grant.accessToken, metadata: grant.metadata }, noPacing)).resolves.toEqual({ account: "Owen Bikes" });
    await expect(pipedriveConnector.testConnection({ connectionId: "c1", accessToken: "v1u:forged", metadata: grant.metadata }, noPacing)).rejects.toBeInstanceOf(CrmAuthError);
  });

  it("refuses a spent code and a wrong redirect URI as CrmAuthError", async () => {
    const code = (await consent("allow", "s3")).searchParams.get("code") ?? "";
    await expect(oauth.exchange({ code, redirectUri: `${redirectUri}?x=1`, codeVerifier: null })).rejects.toBeInstanceOf(CrmAuthError);
    await oauth.exchange({ code, redirectUri, codeVerifier: null });
    await expect(oauth.exchange({ code, redirectUri, codeVerifier: null })).rejects.toBeInstanceOf(CrmAuthError);
    expect((await consent("cancel", "s4")).searchParams.get("error")).toBe("user_denied");
  });

  it("refreshes to a new access token with the same refresh token, and a revoked one is invalid_grant -> CrmAuthError", async () => {
    const issued = fake.issueTokens();
    const refreshToken = String(issued.refresh_token);
    const next = await oauth.refresh(refreshToken);
    expect(next.accessToken).not.toBe(issued.access_token);
    expect(next.refreshToken).toBe(refreshToken);
    expect(next.metadata).toEqual({ authKind: "oauth", apiDomain: fake.url });
    fake.revokeRefreshToken(refreshToken);
    await expect(oauth.refresh(refreshToken)).rejects.toBeInstanceOf(CrmAuthError);
  });

  it("reports a 5xx or a timeout from the token endpoint as CrmUnavailableError, not a revoked grant", async () => {
    const refreshToken = String(fake.issueTokens().refresh_token);
    fake.faults.inject("oauth.token", { kind: "server-error", status: 503 });
    await expect(oauth.refresh(refreshToken)).rejects.toBeInstanceOf(CrmUnavailableError);
    fake.faults.inject("oauth.token", { kind: "timeout", delayMs: 5_000 });
    process.env.PIPEDRIVE_TIMEOUT_MS = "300";
    resetEnvCache();
    await expect(oauth.refresh(refreshToken)).rejects.toBeInstanceOf(CrmUnavailableError);
  });
});
