/**
 * A local stand-in for api.x.com and the x.com authorize page, on one origin, for tests,
 * benchmarks and the demo: set X_API_URL and X_AUTHORIZE_URL to `fake.url` (paths keep
 * /2/... and /i/oauth2/authorize). Wire shapes and their sources: docs/platforms/x.md.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { FaultQueue } from "../shared/fault-queue";
import { listen, readBody, readParams, redirect, sendHtml, sendJson } from "../shared/http";
import { notFound, serverError, tooManyRequests, unauthorized, type XAnswer } from "./errors";
import { authorize, revoke, token, type OAuthConfig } from "./oauth";
import { RateLimiter, type XEndpoint } from "./rate-limits";
import { dmEvents, me, mentions } from "./routes-read";
import { createTweet, sendDm, type WriteRules } from "./routes-write";
import { createXStore, issueTokens, snowflake, type XDmEvent, type XStore, type XTweet, type XUser } from "./state";

export interface FakeXOptions {
  port?: number;
  clientId?: string;
  clientSecret?: string;
  clientType?: "public" | "confidential";
  redirectUris?: string[];
  account?: XUser;
  replyRule?: WriteRules["replyRule"];
  /** X's authorization codes are short-lived (30 s). */
  codeLifetimeMs?: number;
  now?: () => number;
}

export interface FakeX {
  url: string;
  clientId: string;
  clientSecret: string;
  store: XStore;
  account: XUser;
  faults: FaultQueue<XEndpoint>;
  limits: RateLimiter;
  addUser(user: { name: string; username: string; id?: string }): XUser;
  /** A post by `author` (a new user by default) that @mentions the account. */
  addMention(o?: { text?: string; author?: XUser; at?: number }): XTweet;
  addTweet(o: { authorId: string; text: string; quotedId?: string; at?: number }): XTweet;
  /** A DM to the account from `from` (a new user by default). */
  addDm(o?: { text?: string; from?: XUser; at?: number }): XDmEvent;
  /** Tokens without the browser dance, for tests that start connected. */
  issueTokens(scopes?: string[]): Record<string, string | number>;
  close(): Promise<void>;
}

const DEFAULT_SCOPES = ["tweet.read", "tweet.write", "users.read", "dm.read", "dm.write", "offline.access"];
const SCOPE_NEEDS: Partial<Record<XEndpoint, string[]>> = {
  "users.me": ["users.read"], mentions: ["tweet.read", "users.read"], dm_events: ["dm.read"], "tweets.create": ["tweet.write"], "dm.send": ["dm.write"],
};

function routeOf(method: string, path: string): { endpoint: XEndpoint; id?: string } | undefined {
  if (method === "POST" && path === "/2/oauth2/token") return { endpoint: "oauth.token" };
  if (method === "POST" && path === "/2/oauth2/revoke") return { endpoint: "oauth.revoke" };
  if (method === "GET" && path === "/2/users/me") return { endpoint: "users.me" };
  const mention = /^\/2\/users\/([^/]+)\/mentions$/.exec(path);
  if (method === "GET" && mention) return { endpoint: "mentions", id: mention[1] };
  if (method === "GET" && path === "/2/dm_events") return { endpoint: "dm_events" };
  if (method === "POST" && path === "/2/tweets") return { endpoint: "tweets.create" };
  const dm = /^\/2\/dm_conversations\/with\/([^/]+)\/messages$/.exec(path);
  if (method === "POST" && dm) return { endpoint: "dm.send", id: dm[1] };
  return undefined;
}

export async function startFakeX(options: FakeXOptions = {}): Promise<FakeX> {
  const now = options.now ?? Date.now;
  const store = createXStore({
    clientId: options.clientId ?? "ZmFrZS14LWNsaWVudC1pZDoxOmNp",
    clientSecret: options.clientSecret ?? "fake-x-client-secret-000000000000000000000000",
    account: options.account ?? { id: "1790000000000000001", name: "Fake Test Shop", username: "faketestshop" },
  });
  const faults = new FaultQueue<XEndpoint>();
  const limits = new RateLimiter(now);
  let origin = "";
  const oauth: OAuthConfig = {
    store, origin: () => origin, now, redirectUris: options.redirectUris, clientType: options.clientType ?? "confidential",
    codeLifetimeMs: options.codeLifetimeMs ?? 30_000, pending: new Map(),
  };
  const rules: WriteRules = { replyRule: options.replyRule ?? "mention-or-quote", now };

  const api = async (endpoint: XEndpoint, id: string | undefined, req: IncomingMessage, raw: Buffer, params: Record<string, string>): Promise<XAnswer> => {
    if (endpoint === "oauth.token") return token(oauth, req.headers.authorization, params);
    if (endpoint === "oauth.revoke") return revoke(oauth, req.headers.authorization, params);
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    const grant = bearer ? store.accessTokens.get(bearer) : undefined;
    if (!grant || grant.expiresAt <= now()) return unauthorized();
    const { limited, headers } = limits.hit(endpoint, grant.userId);
    const answer = await (async (): Promise<XAnswer> => {
      if (limited) return tooManyRequests();
      if ((SCOPE_NEEDS[endpoint] ?? []).some((s) => !grant.scopes.includes(s))) return { status: 403, body: { title: "Forbidden", type: "about:blank", status: 403, detail: "Forbidden" } };
      if (endpoint === "users.me") return me(store, grant.userId);
      if (endpoint === "mentions") return mentions(store, id ?? "", params);
      if (endpoint === "dm_events") return dmEvents(store, grant.userId, params);
      if (endpoint === "tweets.create") return createTweet(store, grant.userId, raw.toString("utf8"), rules);
      return sendDm(store, grant.userId, id ?? "", raw.toString("utf8"), now());
    })();
    return { ...answer, headers: { ...headers, ...answer.headers } };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req);
    const method = req.method ?? "GET";
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    const params = readParams(req, raw);
    if (method === "GET" && path.startsWith("/i/oauth2/authorize")) {
      const page = authorize(oauth, path, params);
      return "redirect" in page ? redirect(res, page.redirect) : sendHtml(res, page.status, page.html);
    }
    const route = routeOf(method, path);
    if (!route) return sendJson(res, 404, notFound().body);
    const fault = faults.take(route.endpoint);
    if (fault?.kind === "timeout" && !(await server.sleep(fault.delayMs ?? 30_000))) return;
    let answer: XAnswer;
    if (fault?.kind === "auth") answer = unauthorized();
    else if (fault?.kind === "server-error") answer = serverError(fault.status);
    else if (fault?.kind === "rate-limit") {
      limits.calls.set(route.endpoint, (limits.calls.get(route.endpoint) ?? 0) + 1);
      answer = { ...tooManyRequests(), headers: limits.headers(0, 0, now() + (fault.resetInSeconds ?? 900) * 1000) };
    } else answer = await api(route.endpoint, route.id, req, raw, params);
    sendJson(res, answer.status, answer.body, answer.headers ?? {});
  };

  const server = await listen(handle, options.port ?? 0);
  origin = server.url;
  const newUser = () => addUser({ name: "Sam Customer", username: `sam_${Math.random().toString(36).slice(2, 8)}` });
  function addUser(u: { name: string; username: string; id?: string }): XUser {
    const user = { id: u.id ?? snowflake(), name: u.name, username: u.username };
    store.users.set(user.id, user);
    return user;
  }
  function addTweet(o: { authorId: string; text: string; quotedId?: string; at?: number }): XTweet {
    const id = snowflake();
    const tweet: XTweet = { id, authorId: o.authorId, text: o.text, createdAt: o.at ?? now(), conversationId: id, inReplyToUserId: undefined, referenced: o.quotedId ? [{ type: "quoted", id: o.quotedId }] : [] };
    store.tweets.push(tweet);
    return tweet;
  }

  return {
    url: server.url,
    clientId: store.clientId,
    clientSecret: store.clientSecret,
    store,
    account: store.account,
    faults,
    limits,
    addUser,
    addTweet,
    addMention: (o = {}) => addTweet({ authorId: (o.author ?? newUser()).id, text: o.text ?? `@${store.account.username} do you ship to Lyon?`, at: o.at }),
    addDm(o = {}) {
      const event = { id: snowflake(), senderId: (o.from ?? newUser()).id, recipientId: store.account.id, text: o.text ?? "Hi! Is the blue bike still available?", createdAt: o.at ?? now() };
      store.dmEvents.push(event);
      return event;
    },
    issueTokens: (scopes = DEFAULT_SCOPES) => issueTokens(store, store.account.id, scopes, now()),
    close: () => server.close(),
  };
}
