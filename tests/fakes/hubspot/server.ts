/**
 * A local stand-in for api.hubapi.com and HubSpot's install page, on one origin, for tests,
 * benchmarks and the demo: set HUBSPOT_API_URL to `fake.url` and HUBSPOT_AUTH_URL to
 * `${fake.url}/oauth/authorize`. It answers both the date-versioned paths
 * (/crm/objects/2026-03/...) and the legacy ones (/crm/v3/objects/..., /crm/v4/associations/...).
 * Wire shapes and their sources: docs/crm/hubspot.md. No test-runner imports: the bench uses it.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { FaultQueue } from "../shared/fault-queue";
import { listen, readBody, readParams, redirect, sendHtml, sendJson } from "../shared/http";
import { expiredAuthentication, invalidAuthentication, missingScopes, rateLimited, serverError, type HubSpotAnswer } from "./errors";
import { authorize, token, type OAuthConfig } from "./oauth";
import { RollingLimiter, type LimitOptions } from "./rate-limits";
import * as crm from "./routes-crm";
import { createStore, issueTokens, type FakeDeal, type FakeObject, type HubSpotStore } from "./state";

export type HubSpotRoute =
  | "oauth.token" | "account.details" | "properties.list" | "properties.create" | "properties.groups.create"
  | "contacts.upsert" | "contacts.read" | "notes.create" | "deals.search" | "associations.read";

export interface HubSpotFakeOptions {
  port?: number;
  portalId?: number;
  timeZone?: string;
  clientId?: string;
  clientSecret?: string;
  /** Burst window (default 100 requests per 10 s), daily cap (default none, as for OAuth apps). */
  limits?: Partial<LimitOptions>;
  /** "multi-status" (default): bad records come back in a 207. "whole-batch": one bad record fails the batch with a 400. */
  batchErrors?: "multi-status" | "whole-batch";
  /** Answer batch results out of input order (HubSpot does not promise an order). Default true. */
  shuffleResults?: boolean;
  accessLifetimeSeconds?: number;
  now?: () => number;
}

export interface HubSpotFake {
  url: string;
  store: HubSpotStore;
  faults: FaultQueue<HubSpotRoute>;
  limits: RollingLimiter;
  /** Contacts by their leadline_id (the external key): what Leadline has put in the portal. */
  records: Map<string, FakeObject>;
  /** Requests per route, refused ones included. */
  calls: Record<HubSpotRoute, number>;
  totalCalls(): number;
  /** Tokens without the install dance. */
  issueTokens(scopes?: string[]): { access_token: string; refresh_token: string; expires_in: number };
  revokeAccessToken(token: string): void;
  revokeRefreshToken(token: string): void;
  /** A contact made in HubSpot by hand (no leadline_id unless given). */
  addContact(properties: Record<string, string>): FakeObject;
  /** A closed deal associated with the contact, last modified at `at`. */
  closeDeal(o: { contactId: string; outcome: "WON" | "LOST"; at: Date; name?: string }): FakeDeal;
  removeProperty(name: string): void;
  close(): Promise<void>;
}

const DATE = String.raw`\d{4}-\d{2}`;
const ROUTES: Array<[string, RegExp, HubSpotRoute]> = [
  ["POST", new RegExp(`^/oauth/(v1|v3|${DATE})/token$`), "oauth.token"],
  ["GET", new RegExp(`^/account-info/(v3|${DATE})/details$`), "account.details"],
  ["GET", new RegExp(`^/crm/(v3/properties|properties/${DATE})/contacts$`), "properties.list"],
  ["POST", new RegExp(`^/crm/(v3/properties|properties/${DATE})/contacts$`), "properties.create"],
  ["POST", new RegExp(`^/crm/(v3/properties|properties/${DATE})/contacts/groups$`), "properties.groups.create"],
  ["POST", new RegExp(`^/crm/(v3/objects|objects/${DATE})/contacts/batch/upsert$`), "contacts.upsert"],
  ["POST", new RegExp(`^/crm/(v3/objects|objects/${DATE})/contacts/batch/read$`), "contacts.read"],
  ["POST", new RegExp(`^/crm/(v3/objects|objects/${DATE})/notes/batch/create$`), "notes.create"],
  ["POST", new RegExp(`^/crm/(v3/objects|objects/${DATE})/deals/search$`), "deals.search"],
  ["POST", new RegExp(`^/crm/(v4/associations|associations/${DATE})/deals/contacts/batch/read$`), "associations.read"],
];

const SCOPE_NEEDS: Partial<Record<HubSpotRoute, string>> = {
  "properties.list": "crm.schemas.contacts.read", "properties.create": "crm.schemas.contacts.write", "properties.groups.create": "crm.schemas.contacts.write",
  "contacts.upsert": "crm.objects.contacts.write", "contacts.read": "crm.objects.contacts.read", "notes.create": "crm.objects.contacts.write",
  "deals.search": "crm.objects.deals.read", "associations.read": "crm.objects.deals.read", "account.details": "oauth",
};
const ALL_SCOPES = ["crm.objects.contacts.read", "crm.objects.contacts.write", "crm.schemas.contacts.read", "crm.schemas.contacts.write", "crm.objects.deals.read", "oauth"];

export async function startHubSpotFake(options: HubSpotFakeOptions = {}): Promise<HubSpotFake> {
  const now = options.now ?? Date.now;
  const store = createStore({
    portalId: options.portalId ?? 24_681_357,
    timeZone: options.timeZone ?? "Europe/Paris",
    clientId: options.clientId ?? "5f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
    clientSecret: options.clientSecret ?? "fake-hubspot-client-secret-0000-0000",
  });
  const faults = new FaultQueue<HubSpotRoute>();
  const limits = new RollingLimiter({ burst: options.limits?.burst ?? 100, windowMs: options.limits?.windowMs ?? 10_000, daily: options.limits?.daily ?? null }, now);
  const calls = Object.fromEntries(ROUTES.map(([, , r]) => [r, 0])) as Record<HubSpotRoute, number>;
  let origin = "";
  const oauth: OAuthConfig = { store, origin: () => origin, now, codeLifetimeMs: 5 * 60_000, accessLifetimeSeconds: options.accessLifetimeSeconds ?? 1800, pending: new Map() };

  const api = (route: HubSpotRoute, req: IncomingMessage, body: unknown): HubSpotAnswer => {
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    const grant = bearer ? store.accessTokens.get(bearer) : undefined;
    if (!grant || grant.revoked) return invalidAuthentication();
    if (grant.expiresAt <= now()) return expiredAuthentication(Math.max(1, Math.round((now() - grant.expiresAt) / 60_000)));
    const { refused, headers } = limits.hit();
    const answer = ((): HubSpotAnswer => {
      if (refused) return rateLimited(refused);
      const scope = SCOPE_NEEDS[route];
      if (scope && !grant.scopes.includes(scope)) return missingScopes([scope]);
      switch (route) {
        case "account.details": return crm.accountDetails(store);
        case "properties.list": return crm.listProperties(store);
        case "properties.create": return crm.createProperty(store, body);
        case "properties.groups.create": return crm.createGroup(store, body);
        case "contacts.upsert": return crm.upsertContacts(store, body, now(), options.batchErrors ?? "multi-status", options.shuffleResults ?? true);
        case "contacts.read": return crm.readContacts(store, body);
        case "notes.create": return crm.createNotes(store, body, now());
        case "deals.search": return crm.searchDeals(store, body, origin);
        case "associations.read": return crm.readDealContacts(store, body);
        default: return crm.notFound();
      }
    })();
    return { ...answer, headers: { ...headers, ...answer.headers } };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req);
    const method = req.method ?? "GET";
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    if (method === "GET" && path.startsWith("/oauth/authorize")) {
      const page = authorize(oauth, path, readParams(req, raw));
      return "redirect" in page ? redirect(res, page.redirect) : sendHtml(res, page.status, page.html);
    }
    const route = ROUTES.find(([m, re]) => m === method && re.test(path))?.[2];
    if (!route) return sendJson(res, 404, crm.notFound().body);
    calls[route] += 1;
    const fault = faults.take(route);
    // A timeout still does the work once the client has gone: the write happened, the answer was lost.
    if (fault?.kind === "timeout" && !(await server.sleep(fault.delayMs ?? 30_000))) return;
    let answer: HubSpotAnswer;
    if (fault?.kind === "auth") answer = invalidAuthentication();
    else if (fault?.kind === "server-error") answer = serverError(fault.status ?? 502);
    else if (fault?.kind === "rate-limit") answer = rateLimited("TEN_SECONDLY_ROLLING", { ...limits.headers(), ...(fault.resetInSeconds !== undefined ? { "retry-after": String(fault.resetInSeconds) } : {}) });
    else if (route === "oauth.token") answer = token(oauth, readParams(req, raw));
    else {
      let body: unknown;
      try {
        body = raw.length ? JSON.parse(raw.toString("utf8")) : undefined;
      } catch {
        return sendJson(res, 400, { status: "error", message: "Invalid input JSON on line 1", correlationId: "invalid-json", category: "VALIDATION_ERROR" });
      }
      answer = api(route, req, body);
    }
    sendJson(res, answer.status, answer.body, answer.headers ?? {});
  };

  const server = await listen(handle, options.port ?? 0);
  origin = server.url;
  return {
    url: server.url,
    store,
    faults,
    limits,
    get records() {
      const byKey = new Map<string, FakeObject>();
      for (const c of store.contacts.values()) if (c.properties.leadline_id) byKey.set(c.properties.leadline_id, c);
      return byKey;
    },
    calls,
    totalCalls: () => Object.values(calls).reduce((a, b) => a + b, 0),
    issueTokens: (scopes = ALL_SCOPES) => issueTokens(store, scopes, now(), oauth.accessLifetimeSeconds),
    revokeAccessToken: (t) => {
      const g = store.accessTokens.get(t);
      if (g) g.revoked = true;
    },
    revokeRefreshToken: (t) => {
      const r = store.refreshTokens.get(t);
      if (r) r.revoked = true;
      for (const g of store.accessTokens.values()) if (g.refreshToken === t) g.revoked = true;
    },
    addContact(properties) {
      const at = new Date(now()).toISOString();
      const c: FakeObject = { id: store.nextId(), properties: {}, createdAt: at, updatedAt: at };
      crm.writeContact(store, c, { ...properties, createdate: at, lastmodifieddate: at });
      return c;
    },
    closeDeal({ contactId, outcome, at, name }) {
      const iso = at.toISOString();
      const deal: FakeDeal = {
        id: store.nextId(),
        properties: { dealname: name ?? "Deal", dealstage: outcome === "WON" ? "closedwon" : "closedlost", hs_is_closed: "true", hs_is_closed_won: String(outcome === "WON"), closedate: iso, hs_lastmodifieddate: iso, createdate: iso },
        createdAt: iso, updatedAt: iso, contactIds: [contactId],
      };
      store.deals.set(deal.id, deal);
      return deal;
    },
    removeProperty: (name) => void store.properties.delete(name),
    close: () => server.close(),
  };
}
