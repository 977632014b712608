import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consent, startConnectFakes, type Fakes } from "../../../../tests/helpers/connect-test-harness";
import { ChannelRejectedError } from "../connector";
import { metaGrantHash } from "./grant-hash";
import { buildMetaAuthorizeUrl, META_PERMISSIONS, metaOAuthConfig, metaOAuthProvider, toConnectableAccounts } from "./meta-oauth";

let fakes: Fakes;
const redirectUri = "http://leadline.test/api/oauth/meta/callback";

beforeAll(async () => {
  fakes = await startConnectFakes();
});
afterAll(async () => {
  await fakes.restore();
});

async function codeFor(state: string): Promise<string> {
  const back = await consent(metaOAuthProvider.authorizeUrl({ state, redirectUri, codeChallenge: null }));
  expect(back.searchParams.get("state")).toBe(state);
  return back.searchParams.get("code") ?? "";
}

describe("the Meta OAuth provider", () => {
  it("asks by scope when no Login for Business configuration is set", () => {
    const config = metaOAuthConfig();
    if (!config) throw new Error("configured by the harness");
    const url = new URL(buildMetaAuthorizeUrl({ ...config, loginConfigId: undefined }, { state: "s", redirectUri }));
    expect(url.searchParams.get("config_id")).toBeNull();
    expect(url.searchParams.get("scope")).toBe(META_PERMISSIONS.join(","));
  });

  it("trades the code for a long-lived user token and returns the Page and its Instagram account with the Page token", async () => {
    const accounts = await metaOAuthProvider.exchange({ code: await codeFor("state-1"), redirectUri, codeVerifier: null });
    const page = fakes.meta.store.pages[0];
    const tokens = { accessToken: page?.accessToken, refreshToken: null, expiresAt: null };
    expect(accounts).toEqual([
      { platform: "FACEBOOK", externalId: fakes.pageId, name: "Owen Bikes", handle: null, tokens, metadata: { grantedBy: metaGrantHash(fakes.meta.store.user.id) } },
      { platform: "INSTAGRAM", externalId: page?.instagram?.id, name: "owenbikes", handle: "owenbikes", tokens, metadata: { pageId: fakes.pageId, username: "owenbikes", grantedBy: metaGrantHash(fakes.meta.store.user.id) } },
    ]);
    const tokenCalls = fakes.meta.requests.filter((r) => r.route === "oauth.token");
    expect(tokenCalls.slice(-2).map((r) => r.status)).toEqual([200, 200]);
  });

  it("fails on a spent code or a redirect URI that differs from the dialog's", async () => {
    const code = await codeFor("state-2");
    await expect(metaOAuthProvider.exchange({ code, redirectUri: `${redirectUri}?x=1`, codeVerifier: null })).rejects.toBeInstanceOf(ChannelRejectedError);
    const once = await codeFor("state-4");
    await metaOAuthProvider.exchange({ code: once, redirectUri, codeVerifier: null });
    await expect(metaOAuthProvider.exchange({ code: once, redirectUri, codeVerifier: null })).rejects.toBeInstanceOf(ChannelRejectedError);
  });

  it("skips Pages the admin has no token for", () => {
    expect(toConnectableAccounts([{ id: "1", name: "No token" }, { id: "2", name: "", access_token: "t" }])).toEqual([
      { platform: "FACEBOOK", externalId: "2", name: "2", handle: null, tokens: { accessToken: "t", refreshToken: null, expiresAt: null }, metadata: {} },
    ]);
  });
});
