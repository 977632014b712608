/**
 * A local stand-in for api.pipedrive.com and oauth.pipedrive.com on one origin, for tests,
 * benchmarks and the demo: set PIPEDRIVE_API_URL and PIPEDRIVE_OAUTH_URL to `fake.url`. Paths
 * keep Pipedrive's /api/v1/..., /v1/... and /api/v2/... forms. Wire shapes and their sources:
 * docs/crm/pipedrive.md. No test-runner imports: the benchmark uses it too.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { FaultQueue } from "../shared/fault-queue";
import { listen, parseJsonObject, readBody, readParams, redirect, sendHtml, sendJson, type Params } from "../shared/http";
import { overLimit, serverError, unauthorized, notFound as notFoundAnswer, type PdAnswer } from "./answers";
import { PipedriveLimits, type LimitOptions, type PipedriveRoute } from "./limits";
import { authorize, issue, token, type OAuthState } from "./oauth";
import { addLead, addNote, addPersonField, listDeals, listLeads, listNotes, listPersonFields, updateNote, usersMe } from "./routes-crm";
import { addPerson, listPersons, searchPersons, updatePerson, type PersonRules } from "./routes-persons";
import { createPipedriveStore, rfc3339, type FakeCompany, type FakeDeal, type FakePerson, type PipedriveStore } from "./state";

export interface PipedriveFakeOptions extends LimitOptions {
  port?: number;
  clientId?: string;
  clientSecret?: string;
  redirectUris?: string[];
  /** The personal API token the fake accepts (x-api-token header or api_token parameter). */
  apiToken?: string;
  company?: Partial<FakeCompany>;
  /** The name of the person field holding Leadline's key: `records` reads it (default "Leadline ID"). */
  keyFieldName?: string;
  /** Reject person emails that do not look like one (default true). */
  validateEmails?: boolean;
  accessTokenLifetimeSeconds?: number;
  now?: () => number;
}

export interface PipedriveFake {
  url: string;
  clientId: string;
  clientSecret: string;
  apiToken: string;
  store: PipedriveStore;
  faults: FaultQueue<PipedriveRoute>;
  limits: PipedriveLimits;
  /** Requests that reached each endpoint, refused ones included. */
  calls: Map<PipedriveRoute, number>;
  /** Persons by the Leadline key they carry (the first one when a key is held twice: see duplicateKeys). */
  readonly records: Map<string, FakePerson>;
  /** Keys held by more than one person: a duplicate the connector should never create. */
  duplicateKeys(): string[];
  /** The 40-hex key of the Leadline key field, once the connector created it. */
  keyFieldKey(): string | null;
  addDeal(o: { personId: number | null; title?: string; at?: number }): FakeDeal;
  /** Wins or loses a deal at `at` (default now): its update_time moves, as Pipedrive's does. */
  closeDeal(id: number, status: "won" | "lost", at?: number): FakeDeal;
  /** OAuth tokens without the browser dance, for tests that start connected. */
  issueTokens(): Record<string, string | number>;
  /** Regenerates the API token (the old one is refused from now on) and returns the new one. */
  rotateApiToken(): string;
  revokeRefreshToken(refreshToken: string): void;
  close(): Promise<void>;
}

const WRITE_ROUTES = new Set<PipedriveRoute>(["personFields.add", "persons.add", "persons.update", "leads.add", "notes.add", "notes.update"]);

function routeOf(method: string, rawPath: string): { route: PipedriveRoute; id?: string } | undefined {
  const path = rawPath.replace(/^\/api\/v1\//, "/v1/").replace(/\/+$/, "");
  if (method === "POST" && path === "/oauth/token") return { route: "oauth.token" };
  if (method === "GET" && path === "/v1/users/me") return { route: "users.me" };
  if (path === "/v1/personFields") return method === "GET" ? { route: "personFields.list" } : method === "POST" ? { route: "personFields.add" } : undefined;
  if (method === "GET" && path === "/api/v2/persons/search") return { route: "persons.search" };
  if (path === "/api/v2/persons") return method === "GET" ? { route: "persons.list" } : method === "POST" ? { route: "persons.add" } : undefined;
  const person = /^\/api\/v2\/persons\/(\d+)$/.exec(path);
  if (person && method === "PATCH") return { route: "persons.update", id: person[1] };
  if (path === "/v1/leads") return method === "GET" ? { route: "leads.list" } : method === "POST" ? { route: "leads.add" } : undefined;
  if (path === "/v1/notes") return method === "GET" ? { route: "notes.list" } : method === "POST" ? { route: "notes.add" } : undefined;
  const note = /^\/v1\/notes\/(\d+)$/.exec(path);
  if (note && method === "PUT") return { route: "notes.update", id: note[1] };
  if (method === "GET" && path === "/api/v2/deals") return { route: "deals.list" };
  return undefined;
}

export async function startPipedriveFake(options: PipedriveFakeOptions = {}): Promise<PipedriveFake> {
  const now = options.now ?? Date.now;
  const company: FakeCompany = { userId: 1001, userName: "Owen Seller", email: "owen@owenbikes.example", companyId: 555, companyName: "Owen Bikes", companyDomain: "owenbikes", ...options.company };
  const store = createPipedriveStore(company, now);
  const faults = new FaultQueue<PipedriveRoute>();
  const limits = new PipedriveLimits(options, now);
  const calls = new Map<PipedriveRoute, number>();
  let apiToken = options.apiToken ?? "0123456789abcdef0123456789abcdef01234567";
  const keyFieldName = options.keyFieldName ?? "Leadline ID";
  const rules: PersonRules = { now, validateEmails: options.validateEmails ?? true };
  let origin = "";
  const oauth: OAuthState = {
    clientId: options.clientId ?? "b4d083d9216986345b32",
    clientSecret: options.clientSecret ?? "fake-pipedrive-client-secret-0000000000000",
    origin: () => origin, now, redirectUris: options.redirectUris, scope: "base,contacts:full,leads:full,deals:read,search:read,admin",
    accessLifetimeSeconds: options.accessTokenLifetimeSeconds ?? 3599, pending: new Map(), codes: new Map(), accessTokens: new Map(), refreshTokens: new Set(),
    who: `${company.userName} (${company.companyName})`,
  };

  /** The caller's token and kind, or null when refused. */
  const authenticate = (req: IncomingMessage, query: URLSearchParams): { token: string; oauth: boolean } | { refused: boolean; oauth: boolean } => {
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    if (bearer) {
      const expires = oauth.accessTokens.get(bearer);
      return expires !== undefined && expires > now() ? { token: bearer, oauth: true } : { refused: true, oauth: true };
    }
    const header = req.headers["x-api-token"];
    const given = (Array.isArray(header) ? header[0] : header) ?? query.get("api_token") ?? "";
    return given === apiToken ? { token: given, oauth: false } : { refused: true, oauth: false };
  };

  const handleApi = (route: PipedriveRoute, id: string | undefined, params: Params, body: Record<string, unknown>): PdAnswer => {
    switch (route) {
      case "users.me": return usersMe(store);
      case "personFields.list": return listPersonFields(store, params);
      case "personFields.add": return addPersonField(store, body);
      case "persons.search": return searchPersons(store, params);
      case "persons.list": return listPersons(store, params);
      case "persons.add": return addPerson(store, body, rules);
      case "persons.update": return updatePerson(store, Number(id), body, rules);
      case "leads.list": return listLeads(store, params);
      case "leads.add": return addLead(store, body, now());
      case "notes.list": return listNotes(store, params);
      case "notes.add": return addNote(store, body, now());
      case "notes.update": return updateNote(store, Number(id), body, now());
      case "deals.list": return listDeals(store, params);
      default: return notFoundAnswer("Route");
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req);
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", "http://fake");
    if (method === "GET" && url.pathname.startsWith("/oauth/authorize")) {
      const page = authorize(oauth, url.pathname, readParams(req, raw));
      return "redirect" in page ? redirect(res, page.redirect) : sendHtml(res, page.status, page.html);
    }
    const match = routeOf(method, url.pathname);
    if (!match) return sendJson(res, 404, notFoundAnswer("Route").body);
    calls.set(match.route, (calls.get(match.route) ?? 0) + 1);
    const fault = faults.take(match.route);
    if (fault?.kind === "server-error") return sendJson(res, fault.status ?? 500, serverError(fault.status).body);
    if (fault?.kind === "rate-limit") {
      const reset = String(fault.resetInSeconds ?? 2);
      return sendJson(res, 429, overLimit().body, { "x-ratelimit-limit": String(limits.burst), "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset, "retry-after": reset });
    }
    if (match.route === "oauth.token") {
      if (fault?.kind === "timeout" && !(await server.sleep(fault.delayMs ?? 30_000))) return;
      const answer = token(oauth, req.headers["content-type"], req.headers.authorization, readParams(req, raw));
      return sendJson(res, answer.status, answer.body);
    }
    const who = authenticate(req, url.searchParams);
    if (fault?.kind === "auth" || "refused" in who) return sendJson(res, 401, unauthorized(who.oauth).body);
    const check = limits.check(match.route, who.token);
    if (check.refusal) return sendJson(res, 429, overLimit().body, check.headers);
    // A write that "times out" is done first, then left unanswered: the client cannot know it happened.
    const timeout = fault?.kind === "timeout" ? fault.delayMs ?? 30_000 : 0;
    if (timeout && !WRITE_ROUTES.has(match.route) && !(await server.sleep(timeout))) return;
    const body = method === "GET" ? {} : (parseJsonObject(raw.toString("utf8")) ?? {});
    const answer = handleApi(match.route, match.id, Object.fromEntries(url.searchParams), body);
    if (timeout && WRITE_ROUTES.has(match.route) && !(await server.sleep(timeout))) return;
    sendJson(res, answer.status, answer.body, { ...check.headers, ...answer.headers });
  };

  const server = await listen(handle, options.port ?? 0);
  origin = server.url;
  const keyFieldKey = () => store.fields.filter((f) => f.name === keyFieldName && f.active_flag).sort((a, b) => a.id - b.id)[0]?.key ?? null;
  const byKey = () => {
    const key = keyFieldKey();
    const groups = new Map<string, FakePerson[]>();
    for (const p of store.persons.values()) {
      const value = key && !p.is_deleted ? p.custom_fields[key] : undefined;
      if (typeof value === "string") groups.set(value, [...(groups.get(value) ?? []), p]);
    }
    return groups;
  };
  const deal = (id: number) => {
    const found = store.deals.get(id);
    if (!found) throw new Error(`fake: no deal ${id}`);
    return found;
  };

  return {
    url: server.url,
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    get apiToken() {
      return apiToken;
    },
    store,
    faults,
    limits,
    calls,
    get records() {
      return new Map([...byKey()].map(([k, persons]) => [k, persons[0] as FakePerson]));
    },
    duplicateKeys: () => [...byKey()].filter(([, persons]) => persons.length > 1).map(([k]) => k),
    keyFieldKey,
    addDeal({ personId, title, at }) {
      const when = rfc3339(at ?? now());
      const created: FakeDeal = { id: store.nextId(), title: title ?? "Deal", person_id: personId, status: "open", add_time: when, update_time: when, won_time: null, lost_time: null, close_time: null };
      store.deals.set(created.id, created);
      return created;
    },
    closeDeal(id, status, at) {
      const d = deal(id);
      const when = rfc3339(at ?? now());
      Object.assign(d, { status, update_time: when, close_time: when, won_time: status === "won" ? when : null, lost_time: status === "lost" ? when : null });
      return d;
    },
    issueTokens: () => issue(oauth),
    rotateApiToken() {
      apiToken = `${apiToken.slice(0, 30)}${Math.random().toString(16).slice(2, 12)}`.slice(0, 40);
      return apiToken;
    },
    revokeRefreshToken: (refreshToken) => void oauth.refreshTokens.delete(refreshToken),
    close: () => server.close(),
  };
}
