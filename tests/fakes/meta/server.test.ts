import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeMeta, type FakeMeta } from "./server";

let meta: FakeMeta;
const REDIRECT = "http://localhost:3000/api/channels/meta/callback";
beforeAll(async () => {
  meta = await startFakeMeta({ redirectUris: [REDIRECT], configId: "cfg-1" });
});
afterAll(() => meta.close());

const graph = (path: string) => `${meta.url}/${meta.version}${path}`;
async function call(method: string, path: string, params: Record<string, string> = {}, json?: unknown) {
  const url = new URL(graph(path));
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const res = await fetch(url, { method, redirect: "manual", ...(json ? { headers: { "content-type": "application/json" }, body: JSON.stringify(json) } : {}) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text.startsWith("{") ? JSON.parse(text) : text) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads arbitrary Graph JSON
}

/** Walks the consent page like a browser: dialog -> "Continue as" link -> redirect. */
async function consent(state: string, choice: "allow" | "cancel") {
  const dialog = new URL(graph("/dialog/oauth"));
  for (const [k, v] of Object.entries({ client_id: meta.appId, redirect_uri: REDIRECT, state, config_id: "cfg-1", response_type: "code" })) dialog.searchParams.set(k, v);
  const page = await (await fetch(dialog)).text();
  expect(page).toContain("Continue as Alex Admin");
  const href = new RegExp(`id="${choice === "allow" ? "allow" : "cancel"}" href="([^"]+)"`).exec(page)?.[1]?.replace(/&amp;/g, "&") ?? "";
  const res = await fetch(href, { redirect: "manual" });
  expect(res.status).toBe(302);
  return new URL(res.headers.get("location") ?? "");
}

async function login() {
  const back = await consent("st-1", "allow");
  const code = back.searchParams.get("code") ?? "";
  const short = await call("GET", "/oauth/access_token", { client_id: meta.appId, client_secret: meta.appSecret, redirect_uri: REDIRECT, code });
  const long = await call("GET", "/oauth/access_token", { grant_type: "fb_exchange_token", client_id: meta.appId, client_secret: meta.appSecret, fb_exchange_token: short.body.access_token });
  const accounts = await call("GET", "/me/accounts", { access_token: long.body.access_token, fields: "id,name,access_token,tasks,instagram_business_account{id,username}" });
  return { code, short, long, accounts, pageToken: String(accounts.body.data[0].access_token), page: meta.store.pages[0]! };
}

describe("Facebook Login for Business", () => {
  it("redirects with a code and the same state, exchanges it once, and lists Pages with tokens", async () => {
    const { code, short, long, accounts } = await login();
    expect(code).toMatch(/^AQ/);
    expect(short.body).toMatchObject({ token_type: "bearer", expires_in: 7200 });
    expect(long.body.expires_in).toBe(60 * 24 * 3600);
    const page = accounts.body.data[0];
    expect(page).toMatchObject({ id: meta.store.pages[0]?.id, name: "Fake Test Page", tasks: expect.arrayContaining(["MESSAGING"]) });
    expect(page.instagram_business_account).toEqual(meta.store.pages[0]?.instagram);
    const again = await call("GET", "/oauth/access_token", { client_id: meta.appId, client_secret: meta.appSecret, redirect_uri: REDIRECT, code });
    expect(again.body.error).toMatchObject({ code: 100, error_subcode: 36009, type: "OAuthException" });
    expect(again.body.error.fbtrace_id).toEqual(expect.any(String));
  });

  it("keeps the state on Cancel and refuses a code for another redirect_uri", async () => {
    const back = await consent("st-2", "cancel");
    expect(Object.fromEntries(back.searchParams)).toMatchObject({ error: "access_denied", error_reason: "user_denied", state: "st-2" });
    const allowed = await consent("st-3", "allow");
    expect(allowed.searchParams.get("state")).toBe("st-3");
    const wrong = await call("GET", "/oauth/access_token", { client_id: meta.appId, client_secret: meta.appSecret, redirect_uri: "http://evil.example/cb", code: allowed.searchParams.get("code") ?? "" });
    expect(wrong.body.error.error_subcode).toBe(36008);
  });

  it("answers 190 for a revoked token and 104 without one", async () => {
    const { long } = await login();
    meta.revokeToken(long.body.access_token);
    expect((await call("GET", "/me/accounts", { access_token: long.body.access_token })).body.error.code).toBe(190);
    expect((await call("GET", "/me/accounts")).body.error.code).toBe(104);
  });
});

describe("subscribed_apps", () => {
  it("records POST/GET/DELETE per Page and exposes drift", async () => {
    const { pageToken, page } = await login();
    const fields = "messages,messaging_postbacks,message_echoes,feed";
    expect((await call("POST", `/${page.id}/subscribed_apps`, { access_token: pageToken, subscribed_fields: fields })).body).toEqual({ success: true });
    const listed = await call("GET", `/${page.id}/subscribed_apps`, { access_token: pageToken });
    expect(listed.body.data[0]).toMatchObject({ id: meta.appId, subscribed_fields: fields.split(",") });
    meta.unsubscribeApp(page.id);
    expect((await call("GET", `/${page.id}/subscribed_apps`, { access_token: pageToken })).body.data).toEqual([]);
    const bad = await call("POST", `/${page.id}/subscribed_apps`, { access_token: pageToken, subscribed_fields: "messages,nope" });
    expect(bad.body.error).toMatchObject({ code: 100 });
    expect((await call("DELETE", `/${page.id}/subscribed_apps`, { access_token: pageToken })).body).toEqual({ success: true });
  });
});

describe("faults", () => {
  it("fires a one-shot rate limit with usage headers, then answers normally", async () => {
    const { pageToken, page } = await login();
    meta.faults.inject("conversations", { kind: "rate-limit", code: 32, resetInSeconds: 600 });
    const limited = await call("GET", `/${page.id}/conversations`, { access_token: pageToken });
    expect(limited.body.error).toMatchObject({ code: 32, is_transient: true });
    const usage = JSON.parse(limited.headers.get("x-business-use-case-usage") ?? "{}") as Record<string, { estimated_time_to_regain_access: number }[]>;
    expect(usage[page.id]?.[0]?.estimated_time_to_regain_access).toBe(10);
    expect((await call("GET", `/${page.id}/conversations`, { access_token: pageToken })).status).toBe(200);
  });

  it("keeps a sticky 190 until cleared, and answers 500 and late (timeout)", async () => {
    const { pageToken, page } = await login();
    meta.faults.inject("send", { kind: "auth" }, { sticky: true });
    for (let i = 0; i < 3; i += 1) expect((await call("POST", `/${page.id}/messages`, { access_token: pageToken })).body.error.code).toBe(190);
    meta.faults.clear("send");
    meta.faults.inject("me", { kind: "server-error" });
    expect((await call("GET", "/me", { access_token: pageToken })).status).toBe(500);
    meta.faults.inject("me", { kind: "timeout", delayMs: 5_000 });
    const started = Date.now();
    await expect(fetch(graph(`/me?access_token=${pageToken}`), { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
