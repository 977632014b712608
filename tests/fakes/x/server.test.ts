import { createHash, createHmac, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crcResponseToken, deliverActivity, directMessageEvent, runCrc, signActivityBody, tweetCreateEvent } from "./account-activity";
import { startFakeX, type FakeX } from "./server";
import { weightedLength } from "./weighted-length";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads arbitrary X JSON
const REDIRECT = "http://localhost:3000/api/channels/x/callback";
let x: FakeX;
beforeAll(async () => {
  x = await startFakeX({ redirectUris: [REDIRECT] });
});
afterAll(() => x.close());

const basic = () => `Basic ${Buffer.from(`${x.clientId}:${x.clientSecret}`).toString("base64")}`;
async function tokenCall(form: Record<string, string>, auth = basic()) {
  const res = await fetch(`${x.url}/2/oauth2/token`, { method: "POST", headers: { authorization: auth, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form) });
  return { status: res.status, body: (await res.json()) as Json };
}
async function api(method: string, path: string, accessToken: string, body?: unknown) {
  const res = await fetch(`${x.url}${path}`, { method, headers: { authorization: `Bearer ${accessToken}`, ...(body ? { "content-type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Json };
}

/** Browser walk of the consent page; returns the redirect back to the app. */
async function consent(challenge: string, choice: "allow" | "cancel", state = "xs-1") {
  const url = new URL(`${x.url}/i/oauth2/authorize`);
  const q = { response_type: "code", client_id: x.clientId, redirect_uri: REDIRECT, scope: "tweet.read tweet.write users.read dm.read dm.write offline.access", state, code_challenge: challenge, code_challenge_method: "S256" };
  for (const [k, v] of Object.entries(q)) url.searchParams.set(k, v);
  const html = await (await fetch(url)).text();
  expect(html).toContain("Continue as @faketestshop");
  const href = new RegExp(`id="${choice === "allow" ? "allow" : "cancel"}" href="([^"]+)"`).exec(html)?.[1]?.replace(/&amp;/g, "&") ?? "";
  const res = await fetch(href, { redirect: "manual" });
  return new URL(res.headers.get("location") ?? "");
}

describe("OAuth 2.0 with PKCE", () => {
  it("checks the verifier, rotates single-use refresh tokens, and revokes", async () => {
    const verifier = randomBytes(32).toString("base64url");
    const back = await consent(createHash("sha256").update(verifier).digest("base64url"), "allow");
    expect(back.searchParams.get("state")).toBe("xs-1");
    const code = back.searchParams.get("code") ?? "";
    const form = { grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: "wrong-verifier" };
    expect((await tokenCall(form)).body).toEqual({ error: "invalid_request", error_description: "Value passed for the token was invalid." });
    const back2 = await consent(createHash("sha256").update(verifier).digest("base64url"), "allow");
    const noClient = await tokenCall({ ...form, code: back2.searchParams.get("code") ?? "", code_verifier: verifier }, "");
    expect(noClient.status).toBe(401);
    const back3 = await consent(createHash("sha256").update(verifier).digest("base64url"), "allow");
    const first = await tokenCall({ ...form, code: back3.searchParams.get("code") ?? "", code_verifier: verifier });
    expect(first.body).toMatchObject({ token_type: "bearer", expires_in: 7200, scope: expect.stringContaining("offline.access") });
    const second = await tokenCall({ grant_type: "refresh_token", refresh_token: first.body.refresh_token });
    expect(second.body.refresh_token).not.toBe(first.body.refresh_token);
    const reused = await tokenCall({ grant_type: "refresh_token", refresh_token: first.body.refresh_token });
    expect(reused).toMatchObject({ status: 400, body: { error: "invalid_request" } });
    expect((await api("GET", "/2/users/me", second.body.access_token)).body.data).toMatchObject({ username: "faketestshop" });
    const revoked = await fetch(`${x.url}/2/oauth2/revoke`, { method: "POST", headers: { authorization: basic() }, body: new URLSearchParams({ token: second.body.access_token }) });
    expect(await revoked.json()).toEqual({ revoked: true });
    expect((await api("GET", "/2/users/me", second.body.access_token)).body).toEqual({ title: "Unauthorized", type: "about:blank", status: 401, detail: "Unauthorized" });
  });

  it("redirects Cancel with error=access_denied and the state", async () => {
    const back = await consent("c".repeat(43), "cancel", "xs-2");
    expect(Object.fromEntries(back.searchParams)).toEqual({ error: "access_denied", state: "xs-2" });
  });
});

describe("polling", () => {
  it("walks mentions with since_id / pagination_token and reports newest_id", async () => {
    const token = String(x.issueTokens().access_token);
    const old = x.addMention({ text: `@faketestshop old one` });
    const fresh = Array.from({ length: 12 }, (_, i) => x.addMention({ text: `@faketestshop question ${i}` }));
    x.addTweet({ authorId: x.addUser({ name: "N", username: "nobody" }).id, text: "no mention here" });
    const seen: string[] = [];
    let query = `since_id=${old.id}&max_results=5&tweet.fields=author_id,created_at,conversation_id&expansions=author_id`;
    let newest: string | undefined;
    for (;;) {
      const page = await api("GET", `/2/users/${x.account.id}/mentions?${query}`, token);
      expect(page.headers.get("x-rate-limit-limit")).toBe("300");
      newest ??= page.body.meta.newest_id as string;
      seen.push(...(page.body.data ?? []).map((t: Json) => t.id as string));
      expect(page.body.includes?.users?.length ?? 0).toBeGreaterThan(0);
      if (!page.body.meta.next_token) break;
      query = `since_id=${old.id}&max_results=5&pagination_token=${page.body.meta.next_token}&expansions=author_id`;
    }
    expect(seen).toEqual(fresh.map((t) => t.id).reverse());
    expect(newest).toBe(fresh.at(-1)?.id);
    const empty = await api("GET", `/2/users/${x.account.id}/mentions?since_id=${newest}`, token);
    expect(empty.body).toEqual({ meta: { result_count: 0 } });
    expect((await api("GET", `/2/users/${x.account.id}/mentions?max_results=1`, token)).status).toBe(400);
    expect(x.limits.calls.get("mentions")).toBe(5);
  });

  it("pages DM events and sends DMs", async () => {
    const token = String(x.issueTokens().access_token);
    const dms = Array.from({ length: 3 }, () => x.addDm());
    const page = await api("GET", "/2/dm_events?max_results=2&dm_event.fields=sender_id,created_at,dm_conversation_id", token);
    expect(page.body.data[0]).toMatchObject({ id: dms[2]?.id, event_type: "MessageCreate", sender_id: dms[2]?.senderId });
    const rest = await api("GET", `/2/dm_events?max_results=2&pagination_token=${page.body.meta.next_token}`, token);
    expect(rest.body.data.map((e: Json) => e.id)).toContain(dms[0]?.id);
    const sent = await api("POST", `/2/dm_conversations/with/${dms[0]?.senderId}/messages`, token, { text: "Yes, still available!" });
    expect(sent).toMatchObject({ status: 201, body: { data: { dm_event_id: expect.any(String), dm_conversation_id: expect.stringContaining(x.account.id) } } });
  });
});

describe("posting", () => {
  it("enforces 280 weighted characters and the 2026 reply rule", async () => {
    const token = String(x.issueTokens().access_token);
    expect(weightedLength("日本")).toBe(4);
    expect(weightedLength(`see https://example.com/${"a".repeat(100)}`)).toBe(27);
    expect((await api("POST", "/2/tweets", token, { text: "a".repeat(281) })).status).toBe(400);
    const stranger = x.addUser({ name: "S", username: "stranger" });
    const unrelated = x.addTweet({ authorId: stranger.id, text: "bikes are great" });
    const denied = await api("POST", "/2/tweets", token, { text: "Ours too!", reply: { in_reply_to_tweet_id: unrelated.id } });
    expect(denied.status).toBe(403);
    expect(denied.body.detail).toContain("not been mentioned or otherwise engaged");
    const mention = x.addMention({ text: "@faketestshop price of the red one?" });
    const ok = await api("POST", "/2/tweets", token, { text: "@stranger 499 EUR", reply: { in_reply_to_tweet_id: mention.id } });
    expect(ok.body.data).toMatchObject({ text: "@stranger 499 EUR", edit_history_tweet_ids: [ok.body.data.id] });
    const own = x.addTweet({ authorId: x.account.id, text: "New stock!" });
    const quote = x.addTweet({ authorId: stranger.id, text: "look at this", quotedId: own.id });
    expect((await api("POST", "/2/tweets", token, { text: "Thanks!", reply: { in_reply_to_tweet_id: quote.id } })).status).toBe(201);
  });
});

describe("rate limits and faults", () => {
  it("answers 429 with reset headers when a window is exhausted, and one-shot/sticky faults", async () => {
    const token = String(x.issueTokens().access_token);
    x.limits.setLimit("users.me", { limit: 2, windowSeconds: 60 });
    expect((await api("GET", "/2/users/me", token)).headers.get("x-rate-limit-remaining")).toBe("1");
    await api("GET", "/2/users/me", token);
    const limited = await api("GET", "/2/users/me", token);
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ title: "Too Many Requests", detail: "Too Many Requests", type: "about:blank", status: 429 });
    expect(Number(limited.headers.get("x-rate-limit-reset"))).toBeGreaterThan(Date.now() / 1000);
    x.faults.inject("dm_events", { kind: "server-error", status: 503 });
    expect((await api("GET", "/2/dm_events", token)).status).toBe(503);
    expect((await api("GET", "/2/dm_events", token)).status).toBe(200);
    x.faults.inject("dm_events", { kind: "auth" }, { sticky: true });
    expect((await api("GET", "/2/dm_events", token)).status).toBe(401);
    expect((await api("GET", "/2/dm_events", token)).status).toBe(401);
    x.faults.clear();
    x.faults.inject("mentions", { kind: "timeout", delayMs: 5_000 });
    await expect(fetch(`${x.url}/2/users/${x.account.id}/mentions`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(200) })).rejects.toThrow();
  });
});

describe("Account Activity API helpers", () => {
  it("computes the CRC answer and signs deliveries the way X does", async () => {
    const secret = "consumer-secret";
    expect(crcResponseToken("abc", secret)).toBe(`sha256=${createHmac("sha256", secret).update("abc").digest("base64")}`);
    const got: { crc?: string; sig?: string; raw?: string } = {};
    const app = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://app");
      if (req.method === "GET") return void res.writeHead(200).end(JSON.stringify({ response_token: crcResponseToken(url.searchParams.get("crc_token") ?? "", secret) }));
      let raw = "";
      req.on("data", (c: Buffer) => (raw += c.toString()));
      req.on("end", () => {
        Object.assign(got, { sig: req.headers["x-twitter-webhooks-signature"], raw });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(app.address() as AddressInfo).port}/api/webhooks/x`;
    expect(await runCrc(url, secret)).toEqual({ status: 200, ok: true });
    expect((await runCrc(url, "other-secret")).ok).toBe(false);
    const mention = x.addMention();
    const payload = tweetCreateEvent(x.account.id, mention, x.store.users.get(mention.authorId)!);
    await deliverActivity(url, payload, secret);
    expect(got.sig).toBe(signActivityBody(got.raw ?? "", secret));
    const dm = x.addDm();
    expect(directMessageEvent(x.account.id, dm, [x.account]).direct_message_events[0]?.message_create.sender_id).toBe(dm.senderId);
    await new Promise<void>((resolve) => app.close(() => resolve()));
  });
});
