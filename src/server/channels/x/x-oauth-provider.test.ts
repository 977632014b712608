import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consent, startConnectFakes, type Fakes } from "../../../../tests/helpers/connect-test-harness";
import { createPkcePair } from "./x-oauth";
import { xOAuthProvider } from "./x-oauth-provider";
import { XNeedsReauthError, XOAuthError } from "./x-errors";

let fakes: Fakes;
const redirectUri = "http://leadline.test/api/oauth/x/callback";

beforeAll(async () => {
  fakes = await startConnectFakes();
});
afterAll(async () => {
  await fakes.restore();
});

async function consented() {
  const pkce = createPkcePair();
  const back = await consent(xOAuthProvider.authorizeUrl({ state: "st", redirectUri, codeChallenge: pkce.challenge }));
  return { code: back.searchParams.get("code") ?? "", verifier: pkce.verifier };
}

describe("the X OAuth provider", () => {
  it("needs a PKCE challenge", () => {
    expect(() => xOAuthProvider.authorizeUrl({ state: "st", redirectUri, codeChallenge: null })).toThrow(/PKCE/);
  });

  it("exchanges with the verifier and reads the account from /2/users/me", async () => {
    const { code, verifier } = await consented();
    const [account] = await xOAuthProvider.exchange({ code, redirectUri, codeVerifier: verifier });
    expect(account).toMatchObject({ platform: "X", externalId: fakes.x.account.id, name: "Owen Bikes", handle: "owenbikes", metadata: { username: "owenbikes" } });
    expect(account?.tokens.refreshToken).toEqual(expect.any(String));
    expect(account?.tokens.expiresAt?.getTime()).toBeGreaterThan(Date.now() + 7000_000);
  });

  it("refuses a code with the wrong verifier", async () => {
    const { code } = await consented();
    await expect(xOAuthProvider.exchange({ code, redirectUri, codeVerifier: createPkcePair().verifier })).rejects.toBeInstanceOf(XOAuthError);
  });

  it("refreshes into a new pair (the old refresh token is spent) and revokes both tokens", async () => {
    const { code, verifier } = await consented();
    const [account] = await xOAuthProvider.exchange({ code, redirectUri, codeVerifier: verifier });
    const old = account?.tokens.refreshToken ?? "";
    const fresh = await (xOAuthProvider.refresh?.(old) ?? Promise.reject(new Error("no refresh")));
    expect(fresh.refreshToken).not.toBe(old);
    await expect(xOAuthProvider.refresh?.(old)).rejects.toBeInstanceOf(XNeedsReauthError);
    await xOAuthProvider.revoke?.(fresh);
    expect(fakes.x.store.accessTokens.has(fresh.accessToken)).toBe(false);
    expect(fakes.x.store.refreshTokens.has(fresh.refreshToken ?? "")).toBe(false);
  });
});
