/**
 * Sending: the Send API (`POST /{page-id}/messages`, `/me/messages` with a Page token; the same
 * for Instagram messaging through the linked Page), private replies (`recipient: {comment_id}`),
 * and public comment replies (`POST /{comment-id}/comments` on Facebook, `/{ig-comment-id}/replies`
 * on Instagram). Validated like Meta: token owns the Page, recipient known, messaging_type set,
 * window open, text length. Shapes: developers.facebook.com/docs/messenger-platform/reference/send-api,
 * /docs/messenger-platform/discovery/private-replies, /docs/instagram-platform/comment-moderation (seen 2026-11).
 */
import * as errors from "./graph-errors";
import { parseJsonObject } from "../shared/http";
import { ok, type GraphAnswer, type GraphRequest, type MetaRuntime } from "./runtime";
import { findPage, mid, numericId, type FakePage, type MetaPlatform } from "./state";
import { messengerEcho, instagramEcho, feedComment } from "./webhook-payloads";

const HOUR = 3_600_000;
const WINDOW_MS = 24 * HOUR;
const HUMAN_AGENT_MS = 7 * 24 * HOUR;
const PRIVATE_REPLY_MS = 7 * 24 * HOUR;
const MESSENGER_TAGS = new Set(["HUMAN_AGENT", "CONFIRMED_EVENT_UPDATE", "POST_PURCHASE_UPDATE", "ACCOUNT_UPDATE"]);

/** The Page the Page token acts for, if it may act on `id` ("me", the Page or its IG account). */
function actingPage(req: GraphRequest, id: string): FakePage | undefined {
  if (req.owner?.kind !== "page") return undefined;
  const page = req.owner.page;
  return id === "me" || id === page.id || id === page.instagram?.id ? page : undefined;
}

function textError(platform: MetaPlatform, text: string): GraphAnswer | undefined {
  if (!text) return errors.invalidParameter("The parameter message[text] is required");
  // Messenger: 2,000 characters. Instagram: under 1,000 bytes of UTF-8.
  if (platform === "messenger" && [...text].length > 2000) return errors.invalidParameter("Length of param message[text] must be less than or equal to 2000");
  if (platform === "instagram" && Buffer.byteLength(text, "utf8") >= 1000) return errors.invalidParameter("Length of param message[text] must be less than 1000 bytes");
  return undefined;
}

export async function send(rt: MetaRuntime, req: GraphRequest, id: string): Promise<GraphAnswer> {
  const page = actingPage(req, id);
  if (!page) return req.owner ? errors.unsupportedRequest("post", id) : errors.invalidToken();
  const recipient = parseJsonObject(req.params.recipient ?? "");
  const message = parseJsonObject(req.params.message ?? "");
  if (!recipient) return errors.invalidParameter("The parameter recipient is required");
  if (!message) return errors.invalidParameter("The parameter message is required");
  const text = typeof message.text === "string" ? message.text : "";
  if (typeof recipient.comment_id === "string") return privateReply(rt, req, page, recipient.comment_id, text);

  const customer = rt.store.customers.get(String(recipient.id ?? ""));
  if (!customer || customer.pageId !== page.id) return errors.noMatchingUser();
  const textProblem = textError(customer.platform, text);
  if (textProblem) return textProblem;
  const type = req.params.messaging_type;
  if (!type) return errors.invalidParameter("The parameter messaging_type is required");
  if (!["RESPONSE", "UPDATE", "MESSAGE_TAG"].includes(type)) return errors.invalidParameter(`Param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG} - got "${type}"`);
  const tag = req.params.tag;
  if (type === "MESSAGE_TAG" && (!tag || !(customer.platform === "instagram" ? tag === "HUMAN_AGENT" : MESSENGER_TAGS.has(tag)))) {
    return errors.invalidParameter("Param tag must be a valid message tag for this platform");
  }
  if (customer.blocked) return errors.userUnavailable();
  const lastInbound = Math.max(0, ...rt.store.dms.filter((d) => d.customerId === customer.id && !d.fromPage).map((d) => d.createdAt));
  const allowed = type === "MESSAGE_TAG" ? (tag === "HUMAN_AGENT" ? HUMAN_AGENT_MS : Number.POSITIVE_INFINITY) : WINDOW_MS;
  if (lastInbound === 0 || rt.now() - lastInbound > allowed) return errors.outsideWindow();

  const sent = { recipient_id: customer.id, message_id: mid() };
  const at = rt.now();
  rt.store.dms.push({ mid: sent.message_id, platform: customer.platform, pageId: page.id, customerId: customer.id, fromPage: true, text, createdAt: at });
  rt.store.sent.push({ kind: "message", pageId: page.id, platform: customer.platform, path: req.path, params: req.params, response: sent, at });
  if (rt.echoSends) {
    const args = { pageId: page.id, customerId: customer.id, mid: sent.message_id, text, at };
    // Meta hands the sender's `message.metadata` back on the echo (message_echoes reference).
    const metadata = typeof message.metadata === "string" ? message.metadata : undefined;
    if (customer.platform === "messenger") await rt.emit(messengerEcho({ ...args, appId: rt.store.appId, metadata }), "message_echoes", page.id);
    else if (page.instagram) await rt.emit(instagramEcho({ ...args, igId: page.instagram.id }), "messages", page.id);
  }
  return ok(sent);
}

function privateReply(rt: MetaRuntime, req: GraphRequest, page: FakePage, commentId: string, text: string): GraphAnswer {
  const comment = rt.store.comments.find((c) => c.id === commentId && c.pageId === page.id && !c.deleted);
  if (!comment || comment.byPage) return errors.invalidParameter("Invalid parameter: recipient comment_id", 2018001);
  const platform: MetaPlatform = comment.platform === "instagram" ? "instagram" : "messenger";
  const textProblem = textError(platform, text);
  if (textProblem) return textProblem;
  if (rt.now() - comment.createdAt > PRIVATE_REPLY_MS) return errors.outsideWindow();
  // Wording of this one is the fake's own: Meta allows one private reply per comment.
  if (rt.store.privateReplies.has(commentId)) return errors.invalidParameter("Only one private reply can be sent per comment");
  rt.store.privateReplies.add(commentId);
  // The commenter becomes a messaging customer (the fake reuses their id as the PSID/IGSID).
  const customer = rt.store.customers.get(comment.from.id) ?? { id: comment.from.id, platform, pageId: page.id, name: comment.from.name, blocked: false };
  rt.store.customers.set(customer.id, customer);
  const sent = { recipient_id: customer.id, message_id: mid() };
  const at = rt.now();
  rt.store.dms.push({ mid: sent.message_id, platform, pageId: page.id, customerId: customer.id, fromPage: true, text, createdAt: at });
  rt.store.sent.push({ kind: "private-reply", pageId: page.id, platform, path: req.path, params: req.params, response: sent, at });
  return ok(sent);
}

/** POST /{comment-id}/comments (Facebook) or /{ig-comment-id}/replies (Instagram). */
export async function replyToComment(rt: MetaRuntime, req: GraphRequest, commentId: string, edge: "comments" | "replies"): Promise<GraphAnswer> {
  const comment = rt.store.comments.find((c) => c.id === commentId && !c.deleted);
  const page = comment ? findPage(rt.store, comment.pageId) : undefined;
  const expected = comment?.platform === "instagram" ? "replies" : "comments";
  if (!comment || !page || edge !== expected || !actingPage(req, page.id)) return req.owner ? errors.unsupportedRequest("post", commentId) : errors.invalidToken();
  const text = req.params.message ?? "";
  if (!text) return errors.invalidParameter("The parameter message is required");
  // Facebook threads two levels deep: a reply to a reply joins the top-level comment's thread.
  const parentId = comment.parentId ?? comment.id;
  const id = comment.platform === "instagram" ? numericId("1790") : `${comment.postId.split("_")[1] ?? comment.postId}_${numericId("9")}`;
  const at = rt.now();
  const from = comment.platform === "instagram" ? { id: page.instagram?.id ?? page.id, name: page.instagram?.username ?? page.name } : { id: page.id, name: page.name };
  rt.store.comments.push({ id, platform: comment.platform, pageId: page.id, postId: comment.postId, parentId, from, byPage: true, text, createdAt: at, deleted: false });
  rt.store.sent.push({ kind: "comment-reply", pageId: page.id, platform: comment.platform === "instagram" ? "instagram" : "messenger", path: req.path, params: req.params, response: { id }, at });
  if (rt.echoSends && comment.platform === "facebook") {
    await rt.emit(feedComment({ pageId: page.id, postId: comment.postId, commentId: id, parentId, from, text, verb: "add", at }), "feed", page.id);
  }
  return ok({ id });
}
