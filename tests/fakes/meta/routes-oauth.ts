/**
 * Facebook Login for Business: the dialog (`/<ver>/dialog/oauth` with client_id, redirect_uri,
 * state, config_id), code exchange and long-lived exchange at `/oauth/access_token`, and the
 * reads a connector makes right after: /me, /me/accounts, /me/permissions, /debug_token.
 * Shapes: developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow and
 * /docs/facebook-login/guides/access-tokens/get-long-lived (seen 2026-11).
 */
import { randomBytes } from "node:crypto";
import { consentPage, errorPage } from "../shared/consent-page";
import { graphError, invalidToken } from "./graph-errors";
import { withQuery } from "../shared/http";
import { ok, type GraphAnswer, type GraphRequest, type MetaRuntime } from "./runtime";
import { GRANTED_PERMISSIONS, opaqueToken } from "./state";
import { parseFields, pick } from "./graph-fields";

const SHORT_LIVED_SECONDS = 2 * 3600;
const LONG_LIVED_SECONDS = 60 * 24 * 3600;

export function dialog(rt: MetaRuntime, req: GraphRequest): GraphAnswer {
  const { client_id, redirect_uri, state, config_id, scope } = req.params;
  const decision = /\/dialog\/oauth\/(allow|deny)$/.exec(req.path)?.[1];
  if (decision) return decide(rt, req.params.request, decision === "allow");
  if (client_id !== rt.store.appId) return { status: 400, html: errorPage("Facebook", "Invalid App ID: the provided app ID does not look like a valid app ID.") };
  if (!redirect_uri || (rt.redirectUris && !rt.redirectUris.includes(redirect_uri))) {
    return { status: 400, html: errorPage("Facebook", "URL blocked: this redirect failed because the redirect URI is not whitelisted in the app's client OAuth settings.") };
  }
  if (rt.configId !== undefined && config_id !== rt.configId && !scope) {
    return { status: 400, html: errorPage("Facebook", "Invalid config_id for this app.") };
  }
  const request = randomBytes(12).toString("base64url");
  rt.pendingConsents.set(request, { redirectUri: redirect_uri, state });
  const base = `${rt.origin}/${rt.store.version}/dialog/oauth`;
  return {
    html: consentPage({
      service: "Facebook",
      appName: "Leadline",
      who: rt.store.user.name,
      grants: [...rt.store.pages.map((p) => `Page: ${p.name}${p.instagram ? ` (+ Instagram @${p.instagram.username})` : ""}`), ...GRANTED_PERMISSIONS],
      allowUrl: `${base}/allow?request=${request}`,
      denyUrl: `${base}/deny?request=${request}`,
    }),
  };
}

function decide(rt: MetaRuntime, request: string | undefined, allow: boolean): GraphAnswer {
  const pending = request ? rt.pendingConsents.get(request) : undefined;
  if (!pending || !request) return { status: 400, html: errorPage("Facebook", "This login request has expired. Please go back and try again.") };
  rt.pendingConsents.delete(request);
  // Meta appends "#_=_" to the redirect; browsers keep it out of the request the app sees.
  if (!allow) {
    return {
      redirect: `${withQuery(pending.redirectUri, { error: "access_denied", error_code: "200", error_description: "Permissions error", error_reason: "user_denied", state: pending.state })}#_=_`,
    };
  }
  const code = `AQ${randomBytes(32).toString("base64url")}`;
  rt.store.codes.set(code, { redirectUri: pending.redirectUri, expiresAt: rt.now() + 10 * 60_000, used: false });
  return { redirect: `${withQuery(pending.redirectUri, { code, state: pending.state })}#_=_` };
}

export function accessToken(rt: MetaRuntime, req: GraphRequest): GraphAnswer {
  const p = req.params;
  const { store } = rt;
  if (p.client_id !== store.appId) return answer(graphError({ message: "Error validating application. Invalid application ID.", code: 101 }));
  if (p.client_secret !== store.appSecret) return answer(graphError({ message: "Error validating client secret.", code: 1 }));
  if (p.grant_type === "client_credentials") return ok({ access_token: `${store.appId}|${store.appSecret}`, token_type: "bearer" });
  if (p.grant_type === "fb_exchange_token") {
    const current = p.fb_exchange_token ? store.userTokens.get(p.fb_exchange_token) : undefined;
    if (!current || current.expiresAt <= rt.now() || store.revokedTokens.has(p.fb_exchange_token ?? "")) return answer(invalidToken());
    return ok(issueUserToken(rt, true));
  }
  const grant = p.code ? store.codes.get(p.code) : undefined;
  if (!grant || grant.expiresAt <= rt.now()) return answer(graphError({ message: "Invalid verification code format.", code: 100, subcode: 36007 }));
  if (grant.used) return answer(graphError({ message: "This authorization code has been used.", code: 100, subcode: 36009 }));
  if (p.redirect_uri !== grant.redirectUri) {
    return answer(graphError({ message: "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request", code: 100, subcode: 36008 }));
  }
  grant.used = true;
  return ok(issueUserToken(rt, false));
}

function issueUserToken(rt: MetaRuntime, longLived: boolean) {
  const seconds = longLived ? LONG_LIVED_SECONDS : SHORT_LIVED_SECONDS;
  const token = opaqueToken(longLived ? "EAAPfakeLONG" : "EAAPfakeUSER");
  rt.store.userTokens.set(token, { longLived, expiresAt: rt.now() + seconds * 1000 });
  return { access_token: token, token_type: "bearer", expires_in: seconds };
}

const answer = (a: { status: number; body: unknown; headers: Record<string, string> }): GraphAnswer => a;

export function me(rt: MetaRuntime, req: GraphRequest): GraphAnswer {
  if (req.owner?.kind === "page") return ok({ id: req.owner.page.id, name: req.owner.page.name });
  return ok({ id: rt.store.user.id, name: rt.store.user.name });
}

/** /me/accounts: the Pages the admin granted, each with its Page token and tasks. */
export function accounts(rt: MetaRuntime, req: GraphRequest): GraphAnswer {
  if (req.owner?.kind !== "user") return answer(graphError({ message: "(#100) Tried accessing nonexisting field (accounts) on node type (Page)", code: 100 }));
  const fields = parseFields(req.params.fields);
  const ig = fields.get("instagram_business_account");
  const data = rt.store.pages.map((page) => {
    const full: Record<string, unknown> = {
      access_token: page.accessToken,
      category: page.category,
      category_list: [{ id: "2201", name: page.category }],
      name: page.name,
      tasks: page.tasks,
    };
    full.id = page.id;
    if (ig && page.instagram) full.instagram_business_account = ig.sub?.has("username") ? { ...page.instagram } : { id: page.instagram.id };
    return pick(full, fields, ["access_token", "category", "category_list", "name", "tasks"]);
  });
  return ok({ data, paging: { cursors: { before: "QVFIUmJlZAm9yZA", after: "QVFIUmFmdGVyZA" } } });
}

export function permissions(rt: MetaRuntime): GraphAnswer {
  return ok({ data: [...rt.store.permissions].map(([permission, status]) => ({ permission, status })) });
}

export function debugToken(rt: MetaRuntime, req: GraphRequest): GraphAnswer {
  const input = req.params.input_token;
  const { store } = rt;
  const user = input ? store.userTokens.get(input) : undefined;
  const page = store.pages.find((p) => p.accessToken === input);
  const valid = input !== undefined && !store.revokedTokens.has(input) && (page !== undefined || (user !== undefined && user.expiresAt > rt.now()));
  const scopes = [...store.permissions].filter(([, s]) => s === "granted").map(([name]) => name);
  const data: Record<string, unknown> = {
    app_id: store.appId,
    type: page ? "PAGE" : "USER",
    application: "Leadline",
    data_access_expires_at: Math.floor(rt.now() / 1000) + 90 * 86400,
    expires_at: page || !user ? 0 : Math.floor(user.expiresAt / 1000),
    is_valid: valid,
    scopes,
    user_id: store.user.id,
  };
  if (page) data.profile_id = page.id;
  if (!valid) data.error = { code: 190, message: "Error validating access token: The session is invalid.", subcode: 460 };
  return ok({ data });
}
