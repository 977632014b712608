/**
 * The Graph reads behind reconciliation, newest first, bounded by a page budget per source
 * (docs/platforms/meta.md, "Reconciliation reads"; developers.facebook.com/docs/messenger-platform/conversations,
 * /docs/graph-api/reference/page/feed, /docs/instagram-platform/instagram-graph-api/reference/ig-media/comments).
 * Each read returns the customers' items inside the window as MetaEvents, shaped exactly as the
 * webhook parser shapes them, so both paths store one message per `mid` / comment id. The
 * Page's (or Instagram account's) own messages and comments are left out, as the webhook does.
 * A malformed item is skipped, never sinks the run.
 */
import { z } from "zod";
import { callGraph } from "./graph-client";
import type { MetaGraphConfig } from "./meta-config";
import type { MetaEvent, MetaPlatform } from "./meta-event";

export type ReadContext = {
  platform: MetaPlatform;
  /** The channel's account: the Page id (Facebook) or the Instagram professional account id. */
  accountId: string;
  /** The Page behind the account (the same id for Facebook). */
  pageId: string;
  accessToken: string;
  /** Oldest item time (ms) still read. */
  floor: number;
  /** Most requests per source (conversations, comments) in one run. */
  maxPages: number;
  /** Most recent posts / media whose comments are read. */
  maxPosts: number;
  calls: Record<string, number> & { total: number };
  config: MetaGraphConfig | undefined;
};

const paging = z.object({ cursors: z.object({ after: z.string().max(2_000).optional() }).optional(), next: z.string().optional() }).optional();
const page = z.object({ data: z.array(z.unknown()), paging });
type Page = z.infer<typeof page>;
const party = z.object({ id: z.string().min(1).max(300), name: z.string().optional(), username: z.string().optional() });
const graphMessage = z.object({ id: z.string().min(1), message: z.string().optional(), created_time: z.string(), from: party });
const conversation = z.object({ id: z.string().min(1), updated_time: z.string().optional(), messages: page.optional() });
const post = z.object({ id: z.string().min(1), updated_time: z.string().optional(), comments_count: z.number().optional() });
const fbComment = z.object({ id: z.string().min(1), message: z.string().optional(), created_time: z.string(), from: party.optional(), parent: z.object({ id: z.string() }).optional() });
const igComment = z.object({ id: z.string().min(1), text: z.string().optional(), timestamp: z.string(), from: party.optional(), parent_id: z.string().optional(), replies: page.optional() });

const MESSAGE_FIELDS = "id,message,from,created_time";
const PAGE_SIZE = "25";

/** Graph's `2026-11-30T06:34:14+0000` (or ISO) -> ms; NaN when unreadable. */
export function graphTimeMs(value: string | undefined): number {
  if (!value) return Number.NaN;
  return Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
}

function itemsOf<T>(schema: z.ZodType<T>, data: readonly unknown[]): T[] {
  return data.flatMap((item) => {
    const parsed = schema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

async function read(ctx: ReadContext, operation: string, path: string[], params: Record<string, string>): Promise<Page> {
  ctx.calls[operation] = (ctx.calls[operation] ?? 0) + 1;
  ctx.calls.total += 1;
  return callGraph({ method: "GET", path, accessToken: ctx.accessToken, params, operation: `reconcile.${operation}` }, page, ctx.config);
}

/** `after` for the next page, when Graph says there is one. */
const nextAfter = (p: Page | undefined) => (p?.paging?.next && p.paging.cursors?.after ? p.paging.cursors.after : null);

/** Messenger or Instagram DMs from customers, in conversations updated inside the window. */
export async function readConversations(ctx: ReadContext): Promise<MetaEvent[]> {
  const events: MetaEvent[] = [];
  const own = new Set([ctx.accountId, ctx.pageId]);
  const take = (messages: ReturnType<typeof itemsOf<z.infer<typeof graphMessage>>>) => {
    let reachedFloor = false;
    for (const m of messages) {
      const at = graphTimeMs(m.created_time);
      if (!(at >= ctx.floor)) {
        reachedFloor = true;
        continue;
      }
      if (own.has(m.from.id)) continue;
      // As the webhook labels a message without text; the thread is the customer.
      events.push({ platform: ctx.platform, accountId: ctx.accountId, at: new Date(at), type: "message", mid: m.id, senderId: m.from.id, text: m.message || "[attachment]" });
    }
    return reachedFloor;
  };

  let budget = ctx.maxPages;
  let after: string | null = null;
  const params = { platform: ctx.platform === "INSTAGRAM" ? "instagram" : "messenger", fields: `id,updated_time,messages.limit(${PAGE_SIZE}){${MESSAGE_FIELDS}}`, limit: PAGE_SIZE };
  while (budget > 0) {
    budget -= 1;
    const list: Page = await read(ctx, "conversations", [ctx.pageId, "conversations"], after ? { ...params, after } : params);
    let older = false;
    for (const conv of itemsOf(conversation, list.data)) {
      if (graphTimeMs(conv.updated_time) < ctx.floor) {
        older = true; // newest first: every later conversation is older still
        break;
      }
      let messages = conv.messages;
      let reachedFloor = take(itemsOf(graphMessage, messages?.data ?? []));
      let more = nextAfter(messages);
      while (!reachedFloor && more && budget > 0) {
        budget -= 1;
        messages = await read(ctx, "messages", [conv.id, "messages"], { fields: MESSAGE_FIELDS, limit: PAGE_SIZE, after: more });
        reachedFloor = take(itemsOf(graphMessage, messages.data));
        more = nextAfter(messages);
      }
    }
    after = nextAfter(list);
    if (older || !after) break;
  }
  return events;
}

/** Customers' comments (and replies) on the Page's most recent posts. */
export async function readPageComments(ctx: ReadContext): Promise<MetaEvent[]> {
  const events: MetaEvent[] = [];
  const posts = await read(ctx, "feed", [ctx.pageId, "feed"], { fields: "id,created_time,updated_time", limit: String(ctx.maxPosts) });
  let budget = ctx.maxPages;
  for (const p of itemsOf(post, posts.data)) {
    // A post's updated_time moves when someone comments: an older one has nothing new.
    if (graphTimeMs(p.updated_time) < ctx.floor) continue;
    let after: string | null = null;
    while (budget > 0) {
      budget -= 1;
      const params: Record<string, string> = { filter: "stream", order: "reverse_chronological", fields: "id,message,from,created_time,parent", limit: PAGE_SIZE };
      const list: Page = await read(ctx, "comments", [p.id, "comments"], after ? { ...params, after } : params);
      let reachedFloor = false;
      for (const c of itemsOf(fbComment, list.data)) {
        const at = graphTimeMs(c.created_time);
        if (!(at >= ctx.floor)) {
          reachedFloor = true;
          break;
        }
        if (!c.from || c.from.id === ctx.pageId) continue; // no author to answer, or the Page itself
        events.push({
          platform: "FACEBOOK", accountId: ctx.accountId, at: new Date(at), type: "comment", verb: "add", commentId: c.id, postId: p.id,
          parentId: c.parent?.id, from: { id: c.from.id, name: c.from.name, username: undefined }, text: c.message,
        });
      }
      after = nextAfter(list);
      if (reachedFloor || !after) break;
    }
  }
  return events;
}

/**
 * Customers' comments on the Instagram account's most recent media, with their replies
 * (requested as a nested `replies{...}` field; the order of IG comments is not documented, so
 * every page within the budget is read and filtered by time).
 */
export async function readMediaComments(ctx: ReadContext): Promise<MetaEvent[]> {
  const events: MetaEvent[] = [];
  const media = await read(ctx, "media", [ctx.accountId, "media"], { fields: "id,timestamp,comments_count", limit: String(ctx.maxPosts) });
  const push = (c: z.infer<typeof igComment>, mediaId: string, parentId: string | undefined) => {
    const at = graphTimeMs(c.timestamp);
    if (!(at >= ctx.floor) || !c.from || c.from.id === ctx.accountId) return;
    events.push({
      platform: "INSTAGRAM", accountId: ctx.accountId, at: new Date(at), type: "comment", verb: "add", commentId: c.id, postId: mediaId,
      parentId, from: { id: c.from.id, name: undefined, username: c.from.username }, text: c.text,
    });
  };
  let budget = ctx.maxPages;
  for (const m of itemsOf(post, media.data)) {
    if (m.comments_count === 0) continue;
    let after: string | null = null;
    while (budget > 0) {
      budget -= 1;
      const params: Record<string, string> = { fields: "id,text,timestamp,from{id,username},parent_id,replies{id,text,timestamp,from{id,username}}", limit: "50" };
      const list: Page = await read(ctx, "comments", [m.id, "comments"], after ? { ...params, after } : params);
      for (const c of itemsOf(igComment, list.data)) {
        push(c, m.id, c.parent_id);
        for (const reply of itemsOf(igComment, c.replies?.data ?? [])) push(reply, m.id, c.id);
      }
      after = nextAfter(list);
      if (!after) break;
    }
  }
  return events;
}
