import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeX, type FakeX } from "../../../../tests/fakes/x/server";
import { ChannelAuthError } from "../connector";
import { XNeedsReauthError, XOAuthError, XTransientError } from "./x-errors";
import { fakeXConfig } from "../../../../tests/helpers/x-fake-config";
import { buildAuthorizeUrl, createPkcePair, exchangeCode, refreshTokens, revokeToken, X_SCOPES } from "./x-oauth";

const REDIRECT = "http://localhost:3000/api/channels/x/callback";
let x: FakeX;
beforeEach(async () => {
  x = await startFakeX({ redirectUris: [REDIRECT] });
});
afterEach(() => x.close());

/** Walks the fake consent page like a browser and returns the callback URL X redirects to. */
async function consent(url: string, choice: "allow" | "cancel" = "allow"): Promise<URL> {
  const html = await (await fetch(url)).text();
  const href = new RegExp(`id="${choice}" href="([^"]+)"`).exec(html)?.[1]?.replace(/&amp;/g, "&");
  if (!href) throw new Error(`no ${choice} link on the consent page: ${html.slice(0, 300)}`);
  const res = await fetch(href, { redirect: "manual" });
  return new URL(res.headers.get("location") ?? "");
}

async function connect(state = "st-1") {
  const pkce = createPkcePair();
  const url = buildAuthorizeUrl({ clientId: x.clientId, redirectUri: REDIRECT, state, codeChallenge: pkce.challenge, authorizeUrl: fakeXConfig(x).authorizeUrl });
  return { pkce, back: await consent(url) };
}

describe("PKCE and the authorize URL", () => {
  it("makes an S256 pair and a URL with every parameter X requires", () => {
    const { verifier, challenge } = createPkcePair();
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(challenge).toBe(createHash("sha256").update(verifier).digest("base64url"));
    expect(createPkcePair().verifier).not.toBe(verifier);
    const url = new URL(buildAuthorizeUrl({ clientId: "cid", redirectUri: REDIRECT, state: "s", codeChallenge: challenge, authorizeUrl: "https://x.com/i/oauth2/authorize" }));
    expect(url.origin + url.pathname).toBe("https://x.com/i/oauth2/authorize");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: "code", client_id: "cid", redirect_uri: REDIRECT, scope: "tweet.read tweet.write users.read dm.read dm.write offline.access",
      state: "s", code_challenge: challenge, code_challenge_method: "S256",
    });
    expect(X_SCOPES).toContain("offline.access");
  });
});

describe("code exchange", () => {
  it("trades the code and verifier for a 2-hour token pair with the scopes granted", async () => {
    const { pkce, back } = await connect();
    expect(back.searchParams.get("state")).toBe("st-1");
    const tokens = await exchangeCode(back.searchParams.get("code") ?? "", pkce.verifier, REDIRECT, fakeXConfig(x));
    expect(tokens.refreshToken).toEqual(expect.any(String));
    expect(tokens.scopes).toEqual([...X_SCOPES]);
    expect(tokens.expiresAt.getTime() - Date.now()).toBeGreaterThan(7_190_000);
    expect(x.store.accessTokens.has(tokens.accessToken)).toBe(true);
  });

  it("refuses a verifier that does not match the challenge, and a replayed code", async () => {
    const { back } = await connect();
    const code = back.searchParams.get("code") ?? "";
    await expect(exchangeCode(code, createPkcePair().verifier, REDIRECT, fakeXConfig(x))).rejects.toMatchObject({ name: "XOAuthError", error: "invalid_request" });
    const again = await connect();
    const good = again.back.searchParams.get("code") ?? "";
    await exchangeCode(good, again.pkce.verifier, REDIRECT, fakeXConfig(x));
    await expect(exchangeCode(good, again.pkce.verifier, REDIRECT, fakeXConfig(x))).rejects.toBeInstanceOf(XOAuthError);
  });

  it("says so when the client secret is wrong, without echoing it", async () => {
    const { pkce, back } = await connect();
    const err = await exchangeCode(back.searchParams.get("code") ?? "", pkce.verifier, REDIRECT, fakeXConfig(x, { clientSecret: "wrong-secret-value" })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(XOAuthError);
    expect((err as XOAuthError).error).toBe("unauthorized_client");
    expect(String((err as Error).message)).not.toContain("wrong-secret-value");
  });

  it("works as a public client (client_id in the body, no Basic auth)", async () => {
    await x.close();
    x = await startFakeX({ redirectUris: [REDIRECT], clientType: "public" });
    const { pkce, back } = await connect();
    const tokens = await exchangeCode(back.searchParams.get("code") ?? "", pkce.verifier, REDIRECT, fakeXConfig(x, { clientSecret: null }));
    expect(tokens.accessToken).toEqual(expect.any(String));
  });
});

describe("refresh and revoke", () => {
  it("rotates: the new refresh token works, the old one is dead and means re-auth", async () => {
    const first = x.issueTokens();
    const old = String(first.refresh_token);
    const next = await refreshTokens(old, fakeXConfig(x));
    expect(next.refreshToken).not.toBe(old);
    const err = await refreshTokens(old, fakeXConfig(x)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(XNeedsReauthError);
    expect(err).toBeInstanceOf(ChannelAuthError);
    expect(String((err as Error).message)).not.toContain(old);
    expect((await refreshTokens(next.refreshToken ?? "", fakeXConfig(x))).accessToken).toEqual(expect.any(String));
  });

  it("treats 500, 429, a timeout and an unreachable host as transient (retry with the same token)", async () => {
    const refresh = String(x.issueTokens().refresh_token);
    x.faults.inject("oauth.token", { kind: "server-error", status: 503 });
    await expect(refreshTokens(refresh, fakeXConfig(x))).rejects.toMatchObject({ name: "XTransientError", status: 503 });
    x.faults.inject("oauth.token", { kind: "rate-limit", resetInSeconds: 30 });
    await expect(refreshTokens(refresh, fakeXConfig(x))).rejects.toMatchObject({ name: "XTransientError", status: 429 });
    x.faults.inject("oauth.token", { kind: "timeout", delayMs: 1_000 });
    await expect(refreshTokens(refresh, fakeXConfig(x, { timeoutMs: 150 }))).rejects.toBeInstanceOf(XTransientError);
    await expect(refreshTokens(refresh, fakeXConfig(x, { apiUrl: "http://127.0.0.1:9" }))).rejects.toBeInstanceOf(XTransientError);
    // None of those spent the token.
    expect((await refreshTokens(refresh, fakeXConfig(x))).refreshToken).toEqual(expect.any(String));
  });

  it("revokes a token so the API refuses it", async () => {
    const access = String(x.issueTokens().access_token);
    await revokeToken(access, fakeXConfig(x));
    expect(x.store.accessTokens.has(access)).toBe(false);
    await expect(revokeToken(access, fakeXConfig(x, { clientSecret: "nope" }))).rejects.toBeInstanceOf(XOAuthError);
  });
});
