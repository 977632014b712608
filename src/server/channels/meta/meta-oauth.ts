/**
 * Facebook Login for Business as an OAuthProvider: one consent yields the admin's Pages and the
 * Instagram professional accounts linked to them (docs/platforms/meta.md, "Facebook Login for
 * Business"; developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow and
 * .../access-tokens/get-long-lived, checked 2026-11-30).
 *
 * Code -> short-lived user token -> long-lived user token -> /me/accounts. Page tokens fetched
 * with a long-lived user token do not expire, so accounts carry no refresh token and no expiry;
 * the user token itself is dropped once the Page tokens are in hand.
 */
import { z } from "zod";
import { env } from "../../infra/env/load-env";
import type { ConnectableAccount, OAuthProvider } from "../oauth-provider";
import { callGraph } from "./graph-client";
import { metaGrantHash } from "./grant-hash";
import { graphErrorFor, MetaGraphUnavailableError } from "./graph-errors";
import { metaGraphConfig, type MetaGraphConfig } from "./meta-config";

/** Asked for by `scope` only when no Login for Business configuration is set (the configuration carries them otherwise). */
export const META_PERMISSIONS = [
  "pages_show_list", "pages_manage_metadata", "pages_messaging", "pages_read_engagement", "pages_read_user_content",
  "pages_manage_engagement", "instagram_basic", "instagram_manage_messages", "instagram_manage_comments", "business_management",
] as const;

export type MetaOAuthConfig = MetaGraphConfig & { appId: string; appSecret: string; dialogUrl: string; loginConfigId: string | undefined };

/** Pages past this many are not offered (ten Graph pages of 100): bounds one exchange. */
const MAX_ACCOUNT_PAGES = 10;

export function metaOAuthConfig(): MetaOAuthConfig | null {
  const e = env();
  if (!e.META_APP_ID || !e.META_APP_SECRET) return null;
  return { ...metaGraphConfig(), appId: e.META_APP_ID, appSecret: e.META_APP_SECRET, dialogUrl: e.META_DIALOG_URL.replace(/\/+$/, ""), loginConfigId: e.META_LOGIN_CONFIG_ID };
}

function requireConfig(): MetaOAuthConfig {
  const config = metaOAuthConfig();
  if (!config) throw new Error("Meta is not configured: set META_APP_ID and META_APP_SECRET.");
  return config;
}

export function buildMetaAuthorizeUrl(config: MetaOAuthConfig, input: { state: string; redirectUri: string }): string {
  const url = new URL(`${config.dialogUrl}/${config.version}/dialog/oauth`);
  url.searchParams.set("client_id", config.appId);
  url.searchParams.set("redirect_uri", input.redirectUri);
  url.searchParams.set("state", input.state);
  url.searchParams.set("response_type", "code");
  if (config.loginConfigId) url.searchParams.set("config_id", config.loginConfigId);
  else url.searchParams.set("scope", META_PERMISSIONS.join(","));
  return url.toString();
}

const tokenAnswer = z.object({ access_token: z.string().min(1), token_type: z.string().optional(), expires_in: z.number().optional() });

/**
 * GET /oauth/access_token as documented (no user token yet, so not through callGraph). The URL
 * holds the app secret: it is never logged, and errors carry the operation and codes only.
 */
async function tokenCall(config: MetaOAuthConfig, operation: string, params: Record<string, string>): Promise<string> {
  const url = new URL(`${config.baseUrl}/${config.version}/oauth/access_token`);
  url.search = new URLSearchParams({ client_id: config.appId, client_secret: config.appSecret, ...params }).toString();
  let res: Response;
  let body: unknown;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(config.timeoutMs) });
    body = await res.json().catch(() => undefined);
  } catch {
    throw new MetaGraphUnavailableError(`Graph ${operation} could not be reached or timed out`);
  }
  if (!res.ok || (typeof body === "object" && body !== null && "error" in body)) throw graphErrorFor(operation, res.status, body, res.headers);
  const parsed = tokenAnswer.safeParse(body);
  if (!parsed.success) throw new MetaGraphUnavailableError(`Graph ${operation} answered with an unexpected body`);
  return parsed.data.access_token;
}

const pagesAnswer = z.object({
  data: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string().default(""),
      access_token: z.string().min(1).optional(),
      tasks: z.array(z.string()).optional(),
      instagram_business_account: z.object({ id: z.string().min(1), username: z.string().optional(), name: z.string().optional() }).optional(),
    }),
  ),
  paging: z.object({ cursors: z.object({ after: z.string().optional() }).optional(), next: z.string().optional() }).optional(),
});
type PageRow = z.infer<typeof pagesAnswer>["data"][number];

/** /me/accounts, following `after` cursors while Graph says there is a next page. */
async function listPages(config: MetaOAuthConfig, userToken: string): Promise<PageRow[]> {
  const rows: PageRow[] = [];
  let after: string | undefined;
  for (let page = 0; page < MAX_ACCOUNT_PAGES; page++) {
    const params: Record<string, string> = { fields: "id,name,access_token,tasks,instagram_business_account{id,username,name}", limit: "100" };
    if (after) params.after = after;
    const answer = await callGraph({ method: "GET", path: ["me", "accounts"], accessToken: userToken, params, operation: "me.accounts" }, pagesAnswer, config);
    rows.push(...answer.data);
    after = answer.paging?.cursors?.after;
    if (!answer.paging?.next || !after) break;
  }
  return rows;
}

const meAnswer = z.object({ id: z.string().regex(/^\d{1,30}$/) });

/** The granting person's hashed app-scoped id; undefined when Graph does not say (connecting still works, a removed app is then caught by its refused token). */
async function grantingUser(config: MetaOAuthConfig, userToken: string): Promise<string | undefined> {
  try {
    const me = await callGraph({ method: "GET", path: ["me"], accessToken: userToken, params: { fields: "id" }, operation: "me" }, meAnswer, config);
    return metaGrantHash(me.id);
  } catch {
    return undefined;
  }
}

/**
 * One FACEBOOK account per Page with a token, and one INSTAGRAM account per linked professional
 * account (it speaks with the Page token). `grantedBy`: the granting person's hashed id
 * (grant-hash.ts), which the deauthorize callback looks channels up by.
 */
export function toConnectableAccounts(pages: PageRow[], grantedBy?: string): ConnectableAccount[] {
  const accounts: ConnectableAccount[] = [];
  const grant: Record<string, string> = grantedBy ? { grantedBy } : {};
  for (const page of pages) {
    if (!page.access_token) continue; // no Page token: the admin cannot act for this Page
    const tokens = { accessToken: page.access_token, refreshToken: null, expiresAt: null };
    accounts.push({ platform: "FACEBOOK", externalId: page.id, name: page.name || page.id, handle: null, tokens, metadata: { ...grant } });
    const ig = page.instagram_business_account;
    if (ig) {
      const metadata: Record<string, string> = { pageId: page.id, ...grant };
      if (ig.username) metadata.username = ig.username;
      accounts.push({ platform: "INSTAGRAM", externalId: ig.id, name: ig.name || ig.username || ig.id, handle: ig.username ?? null, tokens, metadata });
    }
  }
  return accounts;
}

export const metaOAuthProvider: OAuthProvider = {
  id: "meta",
  usesPkce: false,
  configured: () => metaOAuthConfig() !== null,
  authorizeUrl: ({ state, redirectUri }) => buildMetaAuthorizeUrl(requireConfig(), { state, redirectUri }),
  async exchange({ code, redirectUri }) {
    const config = requireConfig();
    const shortLived = await tokenCall(config, "oauth.code", { redirect_uri: redirectUri, code });
    const longLived = await tokenCall(config, "oauth.long_lived", { grant_type: "fb_exchange_token", fb_exchange_token: shortLived });
    return toConnectableAccounts(await listPages(config, longLived), await grantingUser(config, longLived));
  },
  // No refresh: Page tokens from a long-lived user token do not expire. No revoke either:
  // DELETE /me/permissions needs the user token (not kept) and would remove the app from every
  // Page of that person, not just the one disconnected; unsubscribing the Page is the connector's.
};
