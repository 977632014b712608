/**
 * A local stand-in for one Salesforce org, for tests, the CRM benchmark and the demo: the login
 * host and the org's instance on one origin. Point SALESFORCE_LOGIN_URL at `fake.url`; the token
 * answer's `instance_url` is `fake.url` too, so connections built through OAuth call the fake.
 * Wire shapes and their sources: docs/crm/salesforce.md.
 *
 * It enforces what the connector must respect: 200 records per sObject Collections call, the
 * org's daily allocation (`Sforce-Limit-Info` on every /services/data answer,
 * 403 REQUEST_LIMIT_EXCEEDED once spent), per-record validation (invalid email, LastName and
 * Company required, admin-defined rejections), PKCE, single-use codes and revoked refresh
 * tokens. Limits are options so a benchmark can push 10,000 Leads through in seconds.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { FaultQueue } from "../shared/fault-queue";
import { listen, readBody, readParams, redirect, sendHtml, sendJson } from "../shared/http";
import { concurrentLimitExceeded, dailyLimitExceeded, invalidSession, malformedQuery, notFound, restError, serverError, type SfAnswer } from "./errors";
import { LEAD_STATUSES, leadFields } from "./lead-fields";
import { authorize, issueTokens, revoke, token, type OAuthConfig } from "./oauth";
import { saveTasks, upsertLeads, type RecordRejection, type SobjectRules } from "./sobjects";
import { runSoql } from "./soql";
import { createStore, newId, toSecond, type LeadRow, type SalesforceStore, type TaskRow } from "./state";

export type SalesforceRoute =
  | "oauth.token" | "oauth.revoke"
  | "lead.describe" | "lead.upsert" | "sobjects.create" | "sobjects.update" | "query" | "query.more" | "limits";

export interface SalesforceFakeOptions {
  port?: number;
  clientId?: string;
  clientSecret?: string;
  orgName?: string;
  /** The org's 24-hour API allocation (a Developer Edition org: 15,000). */
  dailyAllocation?: number;
  apiUsedAtStart?: number;
  /** Records per sObject Collections call (Salesforce: 200). */
  maxBatch?: number;
  /** Rows per query page before `nextRecordsUrl` (Salesforce's default: 2,000). */
  queryBatchSize?: number;
  /** The External Client App's "Enable Refresh Token Rotation" (off by default). */
  rotateRefreshTokens?: boolean;
  /** Access-token lifetime: the org's session timeout (2 h by default). */
  sessionLifetimeMs?: number;
  callbackUrls?: string[];
  externalIdField?: string;
  /** false: the external-id field exists but the admin did not tick "External ID". */
  externalIdMarked?: boolean;
  /** Lead fields the describe (and upserts) do not know: custom fields the admin has not created. */
  omitLeadFields?: string[];
  leadSources?: string[];
  restrictedLeadSource?: boolean;
  /** Added to every /services/data answer. */
  latencyMs?: number;
  now?: () => number;
}

export interface SalesforceFake {
  /** The login host and the instance URL. */
  url: string;
  clientId: string;
  clientSecret: string;
  store: SalesforceStore;
  faults: FaultQueue<SalesforceRoute>;
  /** Requests per route, faults and refusals included. */
  calls: Record<SalesforceRoute, number>;
  /** The Leads the org holds, by external key (the Leadline id). */
  readonly records: ReadonlyMap<string, LeadRow>;
  readonly tasks: TaskRow[];
  apiUsage(): { used: number; max: number };
  setApiUsage(used: number, max?: number): void;
  /** Tokens without the browser dance (a refresh token included), for tests that start connected. */
  issueTokens(): { access_token: string; refresh_token: string; instance_url: string; id: string; issued_at: string };
  /** Credentials as the connector receives them. */
  credentials(accessToken?: string): { connectionId: string; accessToken: string; metadata: Record<string, string> };
  revokeRefreshToken(refreshToken: string): void;
  expireAccessTokens(): void;
  /** A salesperson converts the Lead (WON for Leadline). */
  convertLead(externalKey: string): LeadRow;
  /** A salesperson closes the Lead without converting it (LOST by default status). */
  closeLead(externalKey: string, status?: string): LeadRow;
  /** A salesperson edits the Lead in Salesforce (LastName, Company...). */
  editLead(externalKey: string, fields: Record<string, unknown>): LeadRow;
  deleteLead(externalKey: string): void;
  /** Upserts of this key fail with `rejection` (a validation rule, say) until cleared with null. */
  rejectRecord(externalKey: string, rejection: RecordRejection | null): void;
  close(): Promise<void>;
}

const CALL_NAMES: SalesforceRoute[] = ["oauth.token", "oauth.revoke", "lead.describe", "lead.upsert", "sobjects.create", "sobjects.update", "query", "query.more", "limits"];

function routeOf(method: string, path: string): { route: SalesforceRoute; version?: string; arg?: string } | undefined {
  if (method === "POST" && path === "/services/oauth2/token") return { route: "oauth.token" };
  if (method === "POST" && path === "/services/oauth2/revoke") return { route: "oauth.revoke" };
  const data = /^\/services\/data\/(v\d+\.\d)(\/.*)$/.exec(path);
  if (!data) return undefined;
  const [, version, rest] = data as unknown as [string, string, string];
  if (method === "GET" && rest === "/sobjects/Lead/describe") return { route: "lead.describe", version };
  const upsert = /^\/composite\/sobjects\/Lead\/([^/]+)$/.exec(rest);
  if (method === "PATCH" && upsert) return { route: "lead.upsert", version, arg: decodeURIComponent(upsert[1] ?? "") };
  if (method === "POST" && rest === "/composite/sobjects") return { route: "sobjects.create", version };
  if (method === "PATCH" && rest === "/composite/sobjects") return { route: "sobjects.update", version };
  if (method === "GET" && rest === "/query") return { route: "query", version };
  const more = /^\/query\/([\w-]+)$/.exec(rest);
  if (method === "GET" && more) return { route: "query.more", version, arg: more[1] };
  if (method === "GET" && rest === "/limits") return { route: "limits", version };
  return undefined;
}

export async function startSalesforceFake(options: SalesforceFakeOptions = {}): Promise<SalesforceFake> {
  const now = options.now ?? Date.now;
  const store = createStore({ dailyAllocation: options.dailyAllocation ?? 15_000, apiUsedAtStart: options.apiUsedAtStart ?? 0, orgName: options.orgName ?? "Fake Test Shop" });
  const externalIdField = options.externalIdField ?? "Leadline_Id__c";
  const faults = new FaultQueue<SalesforceRoute>();
  const calls = Object.fromEntries(CALL_NAMES.map((n) => [n, 0])) as Record<SalesforceRoute, number>;
  const rejections = new Map<string, RecordRejection>();
  const queryBatchSize = options.queryBatchSize ?? 2000;
  const locators = new Map<string, { rows: Array<Record<string, unknown>>; offset: number }>();
  let origin = "";
  const oauth: OAuthConfig = {
    store, origin: () => origin, now,
    clientId: options.clientId ?? "3MVG9FakeLeadlineConsumerKey000000000000000000000000000000",
    clientSecret: options.clientSecret ?? "FAKE0000SALESFORCE0000CONSUMER0000SECRET0000000000000000000000",
    callbackUrls: options.callbackUrls, rotateRefreshTokens: options.rotateRefreshTokens ?? false,
    sessionLifetimeMs: options.sessionLifetimeMs ?? 2 * 60 * 60 * 1000, pending: new Map(),
  };
  const fields = () => leadFields({ externalIdField, externalIdMarked: options.externalIdMarked ?? true, omit: options.omitLeadFields ?? [], leadSources: options.leadSources ?? ["Web", "Phone Inquiry", "Partner Referral", "Other", "Social (Leadline)"], restrictedLeadSource: options.restrictedLeadSource ?? false });
  const rules: SobjectRules = { store, maxBatch: options.maxBatch ?? 200, leadFields: fields, now, rejections };

  const queryPage = (version: string, locator: string, state: { rows: Array<Record<string, unknown>>; offset: number }): SfAnswer => {
    const rows = state.rows.slice(state.offset, state.offset + queryBatchSize);
    const next = state.offset + rows.length;
    const done = next >= state.rows.length;
    if (done) locators.delete(locator);
    else locators.set(locator, { rows: state.rows, offset: next });
    return { status: 200, body: { totalSize: state.rows.length, done, ...(done ? {} : { nextRecordsUrl: `/services/data/${version}/query/${locator}-${next}` }), records: rows } };
  };

  const data = (route: SalesforceRoute, version: string, arg: string | undefined, params: Record<string, string>, raw: string): SfAnswer => {
    switch (route) {
      case "lead.describe":
        return { status: 200, body: { name: "Lead", label: "Lead", createable: true, updateable: true, queryable: true, fields: fields() } };
      case "lead.upsert":
        return upsertLeads(rules, arg ?? "", raw);
      case "sobjects.create":
        return saveTasks(rules, "POST", raw);
      case "sobjects.update":
        return saveTasks(rules, "PATCH", raw);
      case "query": {
        if (!params.q) return malformedQuery("q is required");
        const result = runSoql(store, params.q, version);
        if ("error" in result) return malformedQuery(result.error);
        return queryPage(version, `01g${newId(store, "").slice(0, 12)}`, { rows: result.rows, offset: 0 });
      }
      case "query.more": {
        const [locator, offset] = (arg ?? "").split("-");
        const state = locator ? locators.get(locator) : undefined;
        if (!state || Number(offset) !== state.offset) return restError(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
        return queryPage(version, locator as string, state);
      }
      case "limits":
        return { status: 200, body: { DailyApiRequests: { Max: store.api.max, Remaining: Math.max(0, store.api.max - store.api.used) } } };
      default:
        return notFound();
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const rawBody = await readBody(req);
    const method = req.method ?? "GET";
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    const params = readParams(req, rawBody);
    if (method === "GET" && path.startsWith("/services/oauth2/authorize")) {
      const page = authorize(oauth, path, params);
      return "redirect" in page ? redirect(res, page.redirect) : sendHtml(res, page.status, page.html);
    }
    const match = routeOf(method, path);
    if (!match) return sendJson(res, 404, notFound().body);
    calls[match.route] += 1;
    const fault = faults.take(match.route);
    if (fault?.kind === "timeout" && !(await server.sleep(fault.delayMs ?? 30_000))) return;
    if (match.route === "oauth.token" || match.route === "oauth.revoke") {
      if (fault?.kind === "server-error") return sendJson(res, fault.status ?? 503, { error: "server_error", error_description: "fake server error" });
      const answer = match.route === "oauth.token" ? token(oauth, req.headers.authorization, params) : revoke(oauth, params);
      return sendJson(res, answer.status, answer.body);
    }
    if (options.latencyMs) await server.sleep(options.latencyMs);
    const answer = ((): SfAnswer => {
      if (fault?.kind === "auth") return invalidSession();
      if (fault?.kind === "server-error") return serverError(fault.status);
      if (fault?.kind === "rate-limit") {
        // Salesforce's own throttle is the concurrent long-running limit (403, no wait given);
        // with resetInSeconds the fake answers like an edge proxy would: 429 + Retry-After.
        return fault.resetInSeconds === undefined ? concurrentLimitExceeded() : { status: 429, body: [{ message: "Too many requests", errorCode: "REQUEST_LIMIT_EXCEEDED" }], headers: { "retry-after": String(fault.resetInSeconds) } };
      }
      const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1];
      const grant = bearer ? store.accessTokens.get(bearer) : undefined;
      if (!grant || grant.expiresAt <= now()) return invalidSession();
      if (store.api.used >= store.api.max) return dailyLimitExceeded();
      store.api.used += 1;
      return data(match.route, match.version ?? "v67.0", match.arg, params, rawBody.toString("utf8"));
    })();
    sendJson(res, answer.status, answer.body, { "sforce-limit-info": `api-usage=${store.api.used}/${store.api.max}`, ...answer.headers });
  };

  const server = await listen(handle, options.port ?? 0);
  origin = server.url;

  const leadByKey = (externalKey: string): LeadRow => {
    const id = store.leadsByKey.get(externalKey);
    const lead = id ? store.leads.get(id) : undefined;
    if (!lead) throw new Error(`fake Salesforce: no Lead with ${externalIdField} = ${externalKey}`);
    return lead;
  };
  const touch = (lead: LeadRow) => {
    lead.LastModifiedDate = Math.max(toSecond(now()), lead.LastModifiedDate);
    return lead;
  };

  const issueConnectedTokens = () => {
    const refresh = `5Aep${newId(store, "").slice(0, 12)}${Math.random().toString(36).slice(2)}`;
    store.refreshTokens.set(refresh, { valid: true });
    return issueTokens(oauth, "api refresh_token", refresh) as ReturnType<SalesforceFake["issueTokens"]>;
  };

  return {
    url: server.url,
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    store,
    faults,
    calls,
    get records() {
      const map = new Map<string, LeadRow>();
      for (const [key, id] of store.leadsByKey) {
        const lead = store.leads.get(id);
        if (lead) map.set(key, lead);
      }
      return map;
    },
    get tasks() {
      return [...store.tasks.values()];
    },
    apiUsage: () => ({ ...store.api }),
    setApiUsage(used, max) {
      store.api.used = used;
      if (max !== undefined) store.api.max = max;
    },
    issueTokens: issueConnectedTokens,
    credentials(accessToken) {
      const tokenValue = accessToken ?? issueConnectedTokens().access_token;
      return { connectionId: "fake-salesforce-connection", accessToken: tokenValue, metadata: { instanceUrl: server.url } };
    },
    revokeRefreshToken(refreshToken) {
      revoke(oauth, { token: refreshToken });
    },
    expireAccessTokens() {
      for (const grant of store.accessTokens.values()) grant.expiresAt = 0;
    },
    convertLead(externalKey) {
      const lead = leadByKey(externalKey);
      lead.IsConverted = true;
      lead.Status = "Closed - Converted";
      return touch(lead);
    },
    closeLead(externalKey, status = "Closed - Not Converted") {
      if (!LEAD_STATUSES.includes(status)) throw new Error(`fake Salesforce: ${status} is not a Lead status`);
      const lead = leadByKey(externalKey);
      lead.Status = status;
      return touch(lead);
    },
    editLead(externalKey, values) {
      const lead = leadByKey(externalKey);
      lead.fields = { ...lead.fields, ...values };
      return touch(lead);
    },
    deleteLead(externalKey) {
      const lead = leadByKey(externalKey);
      store.leads.delete(lead.Id);
      store.leadsByKey.delete(externalKey);
    },
    rejectRecord(externalKey, rejection) {
      if (rejection) rejections.set(externalKey, rejection);
      else rejections.delete(externalKey);
    },
    close: () => server.close(),
  };
}
