import { createHash, randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSalesforceFake, type SalesforceFake, type SalesforceFakeOptions } from "../../../../tests/fakes/salesforce/server";
import { CrmAuthError, CrmConfigError, CrmUnavailableError, type CrmOAuthProvider } from "../crm-connector";
import { createSalesforceConnector } from "./salesforce-connector";
import type { SalesforceConfig } from "./salesforce-config";
import { ASSUMED_SESSION_MS, createSalesforceOAuthProvider } from "./salesforce-oauth";

let fake: SalesforceFake;
let config: SalesforceConfig;
let provider: CrmOAuthProvider;
const redirectUri = "https://app.example/api/oauth/salesforce/callback";

async function start(options: SalesforceFakeOptions = {}) {
  await fake?.close();
  fake = await startSalesforceFake(options);
  config = { apiVersion: "v67.0", loginUrl: fake.url, clientId: fake.clientId, clientSecret: fake.clientSecret, timeoutMs: 400 };
  provider = createSalesforceOAuthProvider(() => config);
}

/** Clicks "Continue" on the fake's consent page and returns the redirect back to Leadline. */
async function consent(challenge: string | null, state = "st4te"): Promise<URL> {
  const page = await fetch(provider.authorizeUrl({ state, redirectUri, codeChallenge: challenge }), { redirect: "manual" });
  if (page.status === 302) return new URL(page.headers.get("location") ?? "");
  const allow = /id="allow" href="([^"]+)"/.exec(await page.text())?.[1]?.replace(/&#38;/g, "&");
  const back = await fetch(allow ?? "", { redirect: "manual" });
  return new URL(back.headers.get("location") ?? "");
}

const pkce = () => {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
};

beforeEach(() => start());
afterEach(() => fake.close());

describe("salesforceOAuthProvider", () => {
  it("runs the web-server flow with PKCE and keeps the instance URL for API calls", async () => {
    const { verifier, challenge } = pkce();
    const url = new URL(provider.authorizeUrl({ state: "s", redirectUri, codeChallenge: challenge }));
    expect(url.pathname).toBe("/services/oauth2/authorize");
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ response_type: "code", client_id: fake.clientId, scope: "api refresh_token", code_challenge: challenge, code_challenge_method: "S256" });

    const back = await consent(challenge);
    expect(back.searchParams.get("state")).toBe("st4te");
    const before = Date.now();
    const grant = await provider.exchange({ code: back.searchParams.get("code") ?? "", redirectUri, codeVerifier: verifier });
    expect(grant.metadata).toMatchObject({ instanceUrl: fake.url, orgId: fake.store.orgId, userId: fake.store.userId });
    expect(grant.refreshToken).toBeTruthy();
    expect(grant.label).toBe(`Salesforce (${new URL(fake.url).host})`);
    expect(grant.expiresAt?.getTime()).toBeGreaterThanOrEqual(before + ASSUMED_SESSION_MS - 1000);

    const connector = createSalesforceConnector(() => config);
    const creds = { connectionId: "c", accessToken: grant.accessToken, metadata: grant.metadata };
    expect((await connector.testConnection(creds, { beforeRequest: async () => {} })).account).toMatch(/^Fake Test Shop/);
  });

  it("refuses a code whose verifier does not match, and a code used twice", async () => {
    const { verifier, challenge } = pkce();
    const code = (await consent(challenge)).searchParams.get("code") ?? "";
    await expect(provider.exchange({ code, redirectUri, codeVerifier: pkce().verifier })).rejects.toThrow(CrmAuthError);
    await expect(provider.exchange({ code, redirectUri, codeVerifier: verifier })).rejects.toThrow(/invalid_grant/);
    const other = await consent(challenge);
    await expect(provider.exchange({ code: other.searchParams.get("code") ?? "", redirectUri, codeVerifier: null })).rejects.toThrow(CrmAuthError);
  });

  it("an authorize request without a code challenge comes back with an error", async () => {
    const back = await consent(null);
    expect(back.searchParams.get("error")).toBe("invalid_request");
    expect(back.searchParams.get("code")).toBeNull();
  });

  it("refresh returns a new access token and keeps the refresh token (no rotation)", async () => {
    const { refresh_token: refreshToken } = fake.issueTokens();
    const first = await provider.refresh(refreshToken);
    expect(first.refreshToken).toBeNull();
    expect(first.metadata?.instanceUrl).toBe(fake.url);
    const second = await provider.refresh(refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
  });

  it("with refresh-token rotation on, returns the new refresh token and the old one dies", async () => {
    await start({ rotateRefreshTokens: true });
    const { refresh_token: refreshToken } = fake.issueTokens();
    const rotated = await provider.refresh(refreshToken);
    expect(rotated.refreshToken).toBeTruthy();
    expect(rotated.refreshToken).not.toBe(refreshToken);
    await expect(provider.refresh(refreshToken)).rejects.toThrow(CrmAuthError);
  });

  it("a revoked refresh token is invalid_grant -> CrmAuthError; revoking ends its access tokens", async () => {
    const tokens = fake.issueTokens();
    const connector = createSalesforceConnector(() => config);
    const creds = fake.credentials(tokens.access_token);
    await provider.revoke?.(tokens.refresh_token);
    await provider.revoke?.(tokens.refresh_token); // already revoked: fine
    await expect(provider.refresh(tokens.refresh_token)).rejects.toThrow(/invalid_grant/);
    await expect(connector.testConnection(creds, { beforeRequest: async () => {} })).rejects.toThrow(CrmAuthError);
  });

  it("a wrong client secret is this server's configuration; a login server down is unavailable", async () => {
    const { refresh_token: refreshToken } = fake.issueTokens();
    config = { ...config, clientSecret: "wrong" };
    await expect(provider.refresh(refreshToken)).rejects.toThrow(CrmConfigError);
    config = { ...config, clientSecret: fake.clientSecret };
    fake.faults.inject("oauth.token", { kind: "server-error", status: 503 });
    await expect(provider.refresh(refreshToken)).rejects.toThrow(CrmUnavailableError);
    fake.faults.inject("oauth.token", { kind: "timeout", delayMs: 2000 });
    await expect(provider.refresh(refreshToken)).rejects.toThrow(/timed out/);
    expect((await provider.refresh(refreshToken)).accessToken).toBeTruthy();
  });

  it("is configured only with a client id and secret", () => {
    expect(provider.configured()).toBe(true);
    config = { ...config, clientSecret: undefined };
    expect(provider.configured()).toBe(false);
    expect(() => provider.authorizeUrl({ state: "s", redirectUri, codeChallenge: "c" })).toThrow(/SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET/);
  });
});
