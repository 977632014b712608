/**
 * Customer activity: stores the item (so reconciliation reads find it) and delivers the
 * webhook Meta would send, unless the delivery is dropped (a missed webhook) or the app is
 * not subscribed to that field for the Page (as on Meta: no subscription, no webhook).
 */
import type { DeliveryResult } from "./deliver-webhook";
import { mid, numericId, type FakeComment, type FakeCustomer, type FakePage, type MetaPlatform, type MetaStore } from "./state";
import * as payloads from "./webhook-payloads";

export type InboundSpec =
  | { type: "messenger-message" | "instagram-message"; text: string; customerId?: string; customerName?: string; pageId?: string; at?: number }
  | { type: "messenger-postback"; title: string; payload: string; customerId?: string; customerName?: string; pageId?: string; at?: number }
  | { type: "facebook-comment" | "instagram-comment"; text: string; postId?: string; parentId?: string; from?: { id: string; name: string }; pageId?: string; at?: number }
  | { type: "facebook-comment-edited"; commentId: string; text: string; at?: number }
  | { type: "facebook-comment-removed"; commentId: string; at?: number };

export interface InboundOptions {
  /** Store the item but never deliver its webhook. */
  drop?: boolean;
}

export interface InboundResult {
  /** mid or comment id of the stored item. */
  id: string;
  customerId: string | undefined;
  payload: payloads.WebhookBody;
  delivery: DeliveryResult | undefined;
  /** Why nothing was delivered, if nothing was. */
  skipped: "dropped" | "not-subscribed" | "no-webhook-url" | undefined;
}

export type Emit = (body: payloads.WebhookBody, field: string, pageId: string, drop: boolean) => Promise<Pick<InboundResult, "delivery" | "skipped">>;

function pageFor(store: MetaStore, pageId: string | undefined, needsInstagram: boolean): FakePage {
  const page = pageId ? store.pages.find((p) => p.id === pageId) : store.pages.find((p) => !needsInstagram || p.instagram);
  if (!page) throw new Error(`fake Meta: no ${needsInstagram ? "Page with Instagram" : "Page"} ${pageId ?? ""}`);
  if (needsInstagram && !page.instagram) throw new Error(`fake Meta: Page ${page.id} has no Instagram account`);
  return page;
}

function customerFor(store: MetaStore, page: FakePage, platform: MetaPlatform, id?: string, name?: string): FakeCustomer {
  const existing = id ? store.customers.get(id) : undefined;
  if (existing) return existing;
  const customer = { id: id ?? numericId(platform === "messenger" ? "2" : "3"), platform, pageId: page.id, name: name ?? (platform === "messenger" ? "Sam Customer" : "sam.customer"), blocked: false };
  store.customers.set(customer.id, customer);
  return customer;
}

export function ensurePost(store: MetaStore, page: FakePage, platform: "facebook" | "instagram", postId: string | undefined, at: number): string {
  const existing = store.posts.find((p) => p.pageId === page.id && p.platform === platform && (postId === undefined || p.id === postId));
  if (existing) return existing.id;
  const id = postId ?? (platform === "facebook" ? `${page.id}_${numericId("8")}` : numericId("1790"));
  store.posts.push({ id, platform, pageId: page.id, text: platform === "facebook" ? "New bikes are in!" : "Spring collection", createdAt: at - 3_600_000 });
  return id;
}

export async function simulateInbound(store: MetaStore, now: number, spec: InboundSpec, emit: Emit, options: InboundOptions = {}): Promise<InboundResult> {
  const at = spec.at ?? now;
  const drop = options.drop ?? false;
  if (spec.type === "messenger-message" || spec.type === "instagram-message" || spec.type === "messenger-postback") {
    const platform: MetaPlatform = spec.type === "instagram-message" ? "instagram" : "messenger";
    const page = pageFor(store, spec.pageId, platform === "instagram");
    const customer = customerFor(store, page, platform, spec.customerId, spec.customerName);
    const id = mid();
    const text = spec.type === "messenger-postback" ? spec.title : spec.text;
    store.dms.push({ mid: id, platform, pageId: page.id, customerId: customer.id, fromPage: false, text, createdAt: at });
    const base = { pageId: page.id, customerId: customer.id, mid: id, at };
    const [payload, field] =
      spec.type === "messenger-postback"
        ? [payloads.messengerPostback({ ...base, title: spec.title, payload: spec.payload }), "messaging_postbacks"]
        : spec.type === "instagram-message"
          ? [payloads.instagramMessage({ ...base, text, igId: page.instagram?.id ?? "" }), "messages"]
          : [payloads.messengerMessage({ ...base, text }), "messages"];
    return { id, customerId: customer.id, payload, ...(await emit(payload, field, page.id, drop)) };
  }
  if (spec.type === "facebook-comment" || spec.type === "instagram-comment") {
    const platform = spec.type === "facebook-comment" ? "facebook" : "instagram";
    const page = pageFor(store, spec.pageId, platform === "instagram");
    const postId = ensurePost(store, page, platform, spec.postId, at);
    const from = spec.from ?? (platform === "facebook" ? { id: numericId("2"), name: "Sam Customer" } : { id: numericId("3"), name: "sam.customer" });
    const id = platform === "facebook" ? `${postId.split("_")[1] ?? postId}_${numericId("9")}` : numericId("1790");
    const comment: FakeComment = { id, platform, pageId: page.id, postId, parentId: spec.parentId, from, byPage: from.id === page.id, text: spec.text, createdAt: at, deleted: false };
    store.comments.push(comment);
    const payload =
      platform === "facebook"
        ? payloads.feedComment({ pageId: page.id, postId, commentId: id, parentId: spec.parentId, from, text: spec.text, verb: "add", at })
        : payloads.instagramComment({ igId: page.instagram?.id ?? "", commentId: id, mediaId: postId, from: { id: from.id, username: from.name }, text: spec.text, parentId: spec.parentId, at });
    return { id, customerId: from.id, payload, ...(await emit(payload, platform === "facebook" ? "feed" : "comments", page.id, drop)) };
  }
  if (spec.type !== "facebook-comment-edited" && spec.type !== "facebook-comment-removed") throw new Error(`fake Meta: unknown inbound ${spec.type}`);
  const comment = store.comments.find((c) => c.id === spec.commentId);
  if (!comment) throw new Error(`fake Meta: unknown comment ${spec.commentId}`);
  const verb = spec.type === "facebook-comment-edited" ? "edited" : "remove";
  if (spec.type === "facebook-comment-edited") comment.text = spec.text;
  else comment.deleted = true;
  const payload = payloads.feedComment({ pageId: comment.pageId, postId: comment.postId, commentId: comment.id, parentId: comment.parentId, from: comment.from, text: comment.text, verb, at });
  return { id: comment.id, customerId: comment.from.id, payload, ...(await emit(payload, "feed", comment.pageId, drop)) };
}
