/** Which handler serves which Graph path (version prefix already stripped). */
import type { GraphAnswer, GraphRequest, MetaRoute, MetaRuntime } from "./runtime";
import * as oauth from "./routes-oauth";
import * as read from "./routes-read";
import * as sending from "./routes-send";
import { subscribedApps } from "./routes-subscriptions";

type Handler = (rt: MetaRuntime, req: GraphRequest, m: RegExpExecArray) => GraphAnswer | Promise<GraphAnswer>;

interface RouteRow {
  methods: string[];
  pattern: RegExp;
  route: MetaRoute;
  /** Reachable without an access token. */
  open?: boolean;
  handle: Handler;
}

const id = "([^/]+)";
const at = (m: RegExpExecArray, i: number) => m[i] ?? "";

export const ROUTES: RouteRow[] = [
  { methods: ["GET"], pattern: /^\/dialog\/oauth(\/allow|\/deny)?$/, route: "oauth.dialog", open: true, handle: (rt, req) => oauth.dialog(rt, req) },
  { methods: ["GET", "POST"], pattern: /^\/oauth\/access_token$/, route: "oauth.token", open: true, handle: (rt, req) => oauth.accessToken(rt, req) },
  { methods: ["GET"], pattern: /^\/me$/, route: "me", handle: (rt, req) => oauth.me(rt, req) },
  { methods: ["GET"], pattern: /^\/me\/accounts$/, route: "me.accounts", handle: (rt, req) => oauth.accounts(rt, req) },
  { methods: ["GET"], pattern: /^\/me\/permissions$/, route: "me.permissions", handle: (rt) => oauth.permissions(rt) },
  { methods: ["GET"], pattern: /^\/debug_token$/, route: "debug_token", handle: (rt, req) => oauth.debugToken(rt, req) },
  { methods: ["GET", "POST", "DELETE"], pattern: new RegExp(`^/${id}/subscribed_apps$`), route: "subscribed_apps", handle: (rt, req, m) => subscribedApps(rt, req, at(m, 1)) },
  { methods: ["POST"], pattern: new RegExp(`^/${id}/messages$`), route: "send", handle: (rt, req, m) => sending.send(rt, req, at(m, 1)) },
  { methods: ["POST"], pattern: new RegExp(`^/${id}/(comments|replies)$`), route: "comment.reply", handle: (rt, req, m) => sending.replyToComment(rt, req, at(m, 1), at(m, 2) === "replies" ? "replies" : "comments") },
  { methods: ["GET"], pattern: new RegExp(`^/${id}/conversations$`), route: "conversations", handle: (rt, req, m) => read.conversations(rt, req, at(m, 1)) },
  { methods: ["GET"], pattern: new RegExp(`^/${id}/messages$`), route: "messages.read", handle: (rt, req, m) => read.conversationMessages(rt, req, at(m, 1)) },
  { methods: ["GET"], pattern: new RegExp(`^/${id}/(feed|posts|published_posts)$`), route: "feed", handle: (rt, req, m) => read.posts(rt, req, at(m, 1), "facebook") },
  { methods: ["GET"], pattern: new RegExp(`^/${id}/media$`), route: "media", handle: (rt, req, m) => read.posts(rt, req, at(m, 1), "instagram") },
  { methods: ["GET"], pattern: new RegExp(`^/${id}/(comments|replies)$`), route: "comments.read", handle: (rt, req, m) => read.comments(rt, req, at(m, 1), at(m, 2) === "replies" ? "replies" : "comments") },
  { methods: ["GET"], pattern: new RegExp(`^/${id}$`), route: "object", handle: (rt, req, m) => read.object(rt, req, at(m, 1)) },
];

export function findRoute(method: string, path: string): { row: RouteRow; match: RegExpExecArray } | undefined {
  for (const row of ROUTES) {
    if (!row.methods.includes(method)) continue;
    const match = row.pattern.exec(path);
    if (match) return { row, match };
  }
  return undefined;
}
