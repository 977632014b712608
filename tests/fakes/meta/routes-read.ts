/**
 * Reconciliation reads, newest first with cursor paging: `/{page-id}/conversations?platform=
 * messenger|instagram&fields=messages{...}` (+ `/{conversation-id}/messages`), `/{page-id}/feed`,
 * `/{post-id}/comments`, `/{ig-user-id}/media`, `/{media-id}/comments`, `/{comment-id}/replies`.
 * developers.facebook.com/docs/messenger-platform/conversations, /docs/graph-api/reference/page/feed,
 * /docs/instagram-platform/instagram-graph-api/reference/ig-media/comments (seen 2026-11).
 */
import * as errors from "./graph-errors";
import { graphTime, paginate, parseFields, pick, type FieldSpec } from "./graph-fields";
import { graphLink, ok, type GraphAnswer, type GraphRequest, type MetaRuntime } from "./runtime";
import { findPage, type FakeComment, type FakeDm, type FakePage, type MetaPlatform } from "./state";

const newestFirst = <T extends { createdAt: number }>(items: T[]) => [...items].sort((a, b) => b.createdAt - a.createdAt);

export function conversationId(platform: MetaPlatform, customerId: string): string {
  return platform === "messenger" ? `t_${customerId}` : Buffer.from(`ig_${customerId}`).toString("base64url");
}

function ownPage(req: GraphRequest, id: string): FakePage | undefined {
  if (req.owner?.kind !== "page") return undefined;
  const page = req.owner.page;
  return id === page.id || id === page.instagram?.id ? page : undefined;
}

const deny = (req: GraphRequest, id: string) => (req.owner ? errors.unsupportedRequest("get", id) : errors.invalidToken());

function messageJson(rt: MetaRuntime, dm: FakeDm, page: FakePage): Record<string, unknown> {
  const customer = rt.store.customers.get(dm.customerId);
  const party =
    dm.platform === "messenger"
      ? { page: { name: page.name, email: `${page.id}@facebook.com`, id: page.id }, customer: { name: customer?.name ?? "", email: `${dm.customerId}@facebook.com`, id: dm.customerId } }
      : { page: { username: page.instagram?.username ?? "", id: page.instagram?.id ?? page.id }, customer: { username: customer?.name ?? "", id: dm.customerId } };
  const [from, to] = dm.fromPage ? [party.page, party.customer] : [party.customer, party.page];
  return { id: dm.mid, created_time: graphTime(dm.createdAt), from, to: { data: [to] }, message: dm.text };
}

function nestedMessages(rt: MetaRuntime, dms: FakeDm[], page: FakePage, spec: FieldSpec, convId: string) {
  const sub = spec.sub ?? new Map<string, FieldSpec>();
  const params: Record<string, string> = { access_token: page.accessToken, limit: String(spec.limit ?? 25) };
  if (sub.size) params.fields = [...sub.keys()].join(",");
  const result = paginate(newestFirst(dms), { limit: spec.limit }, (cursor) => `${graphLink(rt, `/${convId}/messages`, params)}&after=${cursor}`);
  return { ...result, data: result.data.map((dm) => pick(messageJson(rt, dm, page), sub, ["created_time"])) };
}

export function conversations(rt: MetaRuntime, req: GraphRequest, id: string): GraphAnswer {
  const page = ownPage(req, id);
  if (!page) return deny(req, id);
  const platform: MetaPlatform = req.params.platform === "instagram" ? "instagram" : "messenger";
  const fields = parseFields(req.params.fields);
  const byCustomer = new Map<string, FakeDm[]>();
  for (const dm of rt.store.dms) {
    if (dm.pageId !== page.id || dm.platform !== platform) continue;
    if (req.params.user_id && dm.customerId !== req.params.user_id) continue;
    byCustomer.set(dm.customerId, [...(byCustomer.get(dm.customerId) ?? []), dm]);
  }
  const convs = [...byCustomer].map(([customerId, dms]) => ({ customerId, dms, createdAt: Math.max(...dms.map((d) => d.createdAt)) }));
  const result = paginate(newestFirst(convs), req.params, (cursor, dir) => `${graphLink(rt, req.path, req.params)}&${dir}=${cursor}`);
  const data = result.data.map((conv) => {
    const convId = conversationId(platform, conv.customerId);
    const latest = newestFirst(conv.dms)[0];
    const full: Record<string, unknown> = { id: convId, updated_time: graphTime(conv.createdAt), message_count: conv.dms.length, snippet: latest?.text ?? "" };
    const spec = fields.get("messages");
    if (spec) full.messages = nestedMessages(rt, conv.dms, page, spec, convId);
    return pick(full, fields, ["updated_time"]);
  });
  return ok({ ...result, data });
}

export function conversationMessages(rt: MetaRuntime, req: GraphRequest, convId: string): GraphAnswer {
  if (req.owner?.kind !== "page") return deny(req, convId);
  const page = req.owner.page;
  const dms = rt.store.dms.filter((d) => d.pageId === page.id && conversationId(d.platform, d.customerId) === convId);
  if (dms.length === 0) return deny(req, convId);
  const fields = parseFields(req.params.fields);
  const result = paginate(newestFirst(dms), req.params, (cursor, dir) => `${graphLink(rt, req.path, req.params)}&${dir}=${cursor}`);
  return ok({ ...result, data: result.data.map((dm) => pick(messageJson(rt, dm, page), fields, ["created_time"])) });
}

export function posts(rt: MetaRuntime, req: GraphRequest, id: string, platform: "facebook" | "instagram"): GraphAnswer {
  const page = ownPage(req, id);
  if (!page || (platform === "instagram" && id !== page.instagram?.id)) return deny(req, id);
  const fields = parseFields(req.params.fields);
  const items = newestFirst(rt.store.posts.filter((p) => p.pageId === page.id && p.platform === platform));
  const result = paginate(items, req.params, (cursor, dir) => `${graphLink(rt, req.path, req.params)}&${dir}=${cursor}`);
  const data = result.data.map((post) => {
    const count = rt.store.comments.filter((c) => c.postId === post.id && !c.deleted).length;
    const full =
      platform === "facebook"
        ? { id: post.id, message: post.text, created_time: graphTime(post.createdAt) }
        : { id: post.id, caption: post.text, timestamp: graphTime(post.createdAt), comments_count: count, media_product_type: "FEED" };
    return pick(full, fields, platform === "facebook" ? ["message", "created_time"] : []);
  });
  return ok({ ...result, data });
}

export function commentJson(c: FakeComment): Record<string, unknown> {
  if (c.platform === "instagram") {
    const out: Record<string, unknown> = { id: c.id, text: c.text, timestamp: graphTime(c.createdAt), username: c.from.name, from: { id: c.from.id, username: c.from.name } };
    if (c.parentId) out.parent_id = c.parentId;
    return out;
  }
  const out: Record<string, unknown> = { id: c.id, message: c.text, created_time: graphTime(c.createdAt), from: { name: c.from.name, id: c.from.id } };
  if (c.parentId) out.parent = { id: c.parentId };
  return out;
}

/** Comments on a post/media (top-level unless filter=stream) or replies to a comment. */
export function comments(rt: MetaRuntime, req: GraphRequest, parentId: string, edge: "comments" | "replies"): GraphAnswer {
  const post = rt.store.posts.find((p) => p.id === parentId);
  const parentComment = rt.store.comments.find((c) => c.id === parentId);
  const pageId = post?.pageId ?? parentComment?.pageId;
  const page = pageId ? findPage(rt.store, pageId) : undefined;
  if (!page || !ownPage(req, page.id)) return deny(req, parentId);
  const stream = req.params.filter === "stream";
  const items = rt.store.comments.filter((c) => !c.deleted && (post ? c.postId === post.id && (stream || !c.parentId) : c.parentId === parentId));
  const ordered = req.params.order === "reverse_chronological" || edge === "replies" ? newestFirst(items) : newestFirst(items).reverse();
  const fields = parseFields(req.params.fields);
  const result = paginate(ordered, req.params, (cursor, dir) => `${graphLink(rt, req.path, req.params)}&${dir}=${cursor}`);
  const defaults = post?.platform === "instagram" || parentComment?.platform === "instagram" ? ["text", "timestamp"] : ["message", "created_time", "from"];
  return ok({ ...result, data: result.data.map((c) => pick(commentJson(c), fields, defaults)) });
}

/** GET /{id} for a comment or a message the Page owns. */
export function object(rt: MetaRuntime, req: GraphRequest, id: string): GraphAnswer {
  if (req.owner?.kind !== "page") return deny(req, id);
  const page = req.owner.page;
  const fields = parseFields(req.params.fields);
  const comment = rt.store.comments.find((c) => c.id === id && c.pageId === page.id && !c.deleted);
  if (comment) return ok(pick(commentJson(comment), fields, Object.keys(commentJson(comment))));
  const dm = rt.store.dms.find((d) => d.mid === id && d.pageId === page.id);
  if (dm) return ok(pick(messageJson(rt, dm, page), fields, ["created_time"]));
  return deny(req, id);
}
