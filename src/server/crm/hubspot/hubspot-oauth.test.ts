import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHubSpotFake, type HubSpotFake } from "../../../../tests/fakes/hubspot/server";
import { CrmAuthError, CrmConfigError, CrmUnavailableError } from "../crm-connector";
import { createHubSpotConnector } from "./hubspot-connector";
import { createHubSpotOAuthProvider } from "./hubspot-oauth";
import { countingContext, fakeConfig } from "./hubspot-test-kit";

let fake: HubSpotFake;
const redirectUri = "http://leadline.test/api/oauth/hubspot/callback";
const clock = () => new Date("2026-11-30T10:00:00Z");

beforeEach(async () => {
  fake = await startHubSpotFake({ now: () => clock().getTime() });
});
afterEach(async () => {
  await fake.close();
});

const provider = (secret?: string) =>
  createHubSpotOAuthProvider(() => fakeConfig(fake.url, { clientId: fake.store.clientId, clientSecret: secret ?? fake.store.clientSecret }), clock);

/** Opens the install page, clicks Allow, returns the callback URL HubSpot sends the admin to. */
async function consent(authorizeUrl: string, choice: "allow" | "cancel" = "allow"): Promise<URL> {
  const html = await (await fetch(authorizeUrl)).text();
  const href = new RegExp(`id="${choice}" href="([^"]+)"`).exec(html)?.[1];
  if (!href) throw new Error(`no #${choice} link on the install page`);
  const back = await fetch(href.replace(/&#38;/g, "&"), { redirect: "manual" });
  return new URL(back.headers.get("location") ?? "");
}

async function codeFor(state: string): Promise<string> {
  const back = await consent(provider().authorizeUrl({ state, redirectUri, codeChallenge: null }));
  expect(back.searchParams.get("state")).toBe(state);
  return back.searchParams.get("code") ?? "";
}

describe("the HubSpot OAuth provider", () => {
  it("is configured only with a client id and secret", () => {
    expect(createHubSpotOAuthProvider(() => fakeConfig(fake.url)).configured()).toBe(false);
    expect(provider().configured()).toBe(true);
    expect(() => createHubSpotOAuthProvider(() => fakeConfig(fake.url)).authorizeUrl({ state: "s", redirectUri, codeChallenge: null })).toThrow(CrmConfigError);
  });

  it("asks for the contact, schema, deal and oauth scopes, space-separated", () => {
    const url = new URL(provider().authorizeUrl({ state: "s1", redirectUri, codeChallenge: null }));
    expect(url.searchParams.get("scope")).toBe("crm.objects.contacts.read crm.objects.contacts.write crm.schemas.contacts.read crm.schemas.contacts.write crm.objects.deals.read oauth");
    expect(url.searchParams.get("client_id")).toBe(fake.store.clientId);
    expect(url.searchParams.get("redirect_uri")).toBe(redirectUri);
  });

  it("trades the code for 30-minute tokens and records the portal and its time zone", async () => {
    const grant = await provider().exchange({ code: await codeFor("s2"), redirectUri, codeVerifier: null });
    expect(grant.label).toBe(`HubSpot portal ${fake.store.portal.portalId}`);
    expect(grant.metadata).toEqual({ portalId: String(fake.store.portal.portalId), timeZone: "Europe/Paris", uiDomain: "app-eu1.hubspot.com" });
    expect(grant.expiresAt?.toISOString()).toBe("2026-11-30T10:30:00.000Z");
    const connector = createHubSpotConnector(() => fakeConfig(fake.url));
    await expect(connector.testConnection({ connectionId: "c", accessToken: grant.accessToken, metadata: grant.metadata }, countingContext())).resolves.toBeTruthy();
  });

  it("refuses a spent code and a denied install", async () => {
    const code = await codeFor("s3");
    await provider().exchange({ code, redirectUri, codeVerifier: null });
    await expect(provider().exchange({ code, redirectUri, codeVerifier: null })).rejects.toBeInstanceOf(CrmAuthError);
    const denied = await consent(provider().authorizeUrl({ state: "s4", redirectUri, codeChallenge: null }), "cancel");
    expect(denied.searchParams.get("error")).toBe("access_denied");
  });

  it("refreshes to a new access token and keeps the refresh token", async () => {
    const grant = await provider().exchange({ code: await codeFor("s5"), redirectUri, codeVerifier: null });
    const next = await provider().refresh(grant.refreshToken ?? "");
    expect(next.accessToken).not.toBe(grant.accessToken);
    expect(next.refreshToken).toBe(grant.refreshToken);
    expect(next.expiresAt?.toISOString()).toBe("2026-11-30T10:30:00.000Z");
  });

  it("throws CrmAuthError (invalid_grant) for a revoked refresh token, without quoting secrets", async () => {
    const grant = await provider().exchange({ code: await codeFor("s6"), redirectUri, codeVerifier: null });
    fake.revokeRefreshToken(grant.refreshToken ?? "");
    const error = await provider().refresh(grant.refreshToken ?? "").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmAuthError);
    expect(String(error)).toContain("invalid_grant");
    expect(String(error)).not.toContain(grant.refreshToken ?? "-");
    const wrongSecret = await provider("not-the-secret-at-all").refresh(grant.refreshToken ?? "").catch((e: unknown) => e);
    expect(String(wrongSecret)).not.toContain("not-the-secret-at-all");
  });

  it("maps a down or rate-limited token endpoint to retryable errors", async () => {
    fake.faults.inject("oauth.token", { kind: "server-error", status: 502 });
    await expect(provider().refresh("any")).rejects.toBeInstanceOf(CrmUnavailableError);
    fake.faults.inject("oauth.token", { kind: "rate-limit", resetInSeconds: 3 });
    await expect(provider().refresh("any")).rejects.toMatchObject({ retryAfterMs: 3_000 });
    await expect(provider().refresh("any")).rejects.toBeInstanceOf(CrmAuthError); // no fault left: unknown token
  });
});
