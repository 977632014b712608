/**
 * Test-only: the Meta and X fakes wired to the connect flow through the env, session headers
 * for a member, the two OAuth routes called as Next calls them, and the fakes' consent pages
 * "clicked" by fetching them and following their #allow / #cancel link (no browser).
 */
import { randomInt } from "node:crypto";
import { encode } from "next-auth/jwt";
import { resetEnvCache } from "../../src/server/infra/env/load-env";
import { startFakeMeta, type FakeMeta } from "../fakes/meta/server";
import { startFakeX, type FakeX } from "../fakes/x/server";
import type { OAuthProviderId } from "../../src/server/channels/oauth-providers";

export const APP_URL = "http://leadline.test";
export const LOGIN_CONFIG_ID = "4242424242";

const ENV_KEYS = [
  "APP_URL", "META_APP_ID", "META_APP_SECRET", "META_GRAPH_URL", "META_GRAPH_VERSION", "META_DIALOG_URL", "META_LOGIN_CONFIG_ID",
  "X_CLIENT_ID", "X_CLIENT_SECRET", "X_API_URL", "X_AUTHORIZE_URL",
] as const;

export type Fakes = { meta: FakeMeta; x: FakeX; pageId: string; restore: () => Promise<void> };

/** Starts both fakes (one Page with a linked Instagram account, one X account) and points the env at them. */
export async function startConnectFakes(): Promise<Fakes> {
  const pageId = `10${randomInt(1e9, 1e10)}`;
  const meta = await startFakeMeta({
    pages: [{ id: pageId, name: "Owen Bikes", instagram: { id: `178414${randomInt(1e9, 1e10)}`, username: "owenbikes" } }],
    configId: LOGIN_CONFIG_ID,
    redirectUris: [`${APP_URL}/api/oauth/meta/callback`],
  });
  const x = await startFakeX({ redirectUris: [`${APP_URL}/api/oauth/x/callback`], account: { id: `17${randomInt(1e9, 1e10)}`, name: "Owen Bikes", username: "owenbikes" } });
  const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  Object.assign(process.env, {
    APP_URL,
    META_APP_ID: meta.appId, META_APP_SECRET: meta.appSecret, META_GRAPH_URL: meta.url, META_GRAPH_VERSION: meta.version, META_DIALOG_URL: meta.url, META_LOGIN_CONFIG_ID: LOGIN_CONFIG_ID,
    X_CLIENT_ID: x.clientId, X_CLIENT_SECRET: x.clientSecret, X_API_URL: x.url, X_AUTHORIZE_URL: `${x.url}/i/oauth2/authorize`,
  });
  resetEnvCache();
  return {
    meta, x, pageId,
    async restore() {
      for (const key of ENV_KEYS) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
      resetEnvCache();
      await Promise.all([meta.close(), x.close()]);
    },
  };
}

/** The cookies a signed-in member sends with a chosen workspace. */
export async function sessionHeaders(userId: string, workspaceId: string): Promise<Headers> {
  const session = await encode({ token: { uid: userId }, secret: process.env.NEXTAUTH_SECRET ?? "" });
  return new Headers({ cookie: `next-auth.session-token=${session}; ll_workspace=${workspaceId}` });
}

/** GET /api/oauth/<provider>/<step>, through the route module as Next runs it. */
export async function callOAuthRoute(step: "start" | "callback", provider: OAuthProviderId, headers: Headers, query = ""): Promise<Response> {
  const mod = step === "start" ? await import("@/app/api/oauth/[provider]/start/route") : await import("@/app/api/oauth/[provider]/callback/route");
  return mod.GET(new Request(`${APP_URL}/api/oauth/${provider}/${step}${query}`, { headers }), { params: Promise.resolve({ provider }) });
}

const unescape = (html: string) => html.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))).replace(/&amp;/g, "&");

/** Opens a fake consent page and follows its "continue" (or "cancel") link: the platform's redirect back to us. */
export async function consent(authorizeUrl: string, choice: "allow" | "cancel" = "allow"): Promise<URL> {
  const page = await fetch(authorizeUrl);
  const html = await page.text();
  const href = new RegExp(`id="${choice}" href="([^"]+)"`).exec(html)?.[1];
  if (!href) throw new Error(`consent page has no #${choice} link (HTTP ${page.status})`);
  const back = await fetch(unescape(href), { redirect: "manual" });
  const location = back.headers.get("location");
  if (back.status !== 302 || !location) throw new Error(`consent link answered HTTP ${back.status}`);
  return new URL(location.replace(/#.*$/, ""));
}

/** Start -> consent -> the platform's callback URL (not yet called), for one admin. */
export async function startAndConsent(provider: OAuthProviderId, headers: Headers, choice: "allow" | "cancel" = "allow"): Promise<URL> {
  const start = await callOAuthRoute("start", provider, headers);
  const authorizeUrl = start.headers.get("location");
  if (start.status !== 302 || !authorizeUrl) throw new Error(`start answered HTTP ${start.status}`);
  return consent(authorizeUrl, choice);
}

/** Calls our callback with the query the platform sent back; returns where it redirects the admin. */
export async function callback(provider: OAuthProviderId, headers: Headers, back: URL): Promise<URL> {
  const res = await callOAuthRoute("callback", provider, headers, back.search);
  const location = res.headers.get("location");
  if (res.status !== 302 || !location) throw new Error(`callback answered HTTP ${res.status}: ${await res.text()}`);
  return new URL(location);
}
