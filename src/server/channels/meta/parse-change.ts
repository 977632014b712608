import type { MetaEvent, MetaPlatform } from "./meta-event";
import { feedCommentSchema, instagramCommentSchema } from "./webhook-schema";

type Skip = { skip: string };

const issue = (error: { issues: Array<{ path: PropertyKey[] }> }) => error.issues[0]?.path.map(String).join(".") || "value";

/**
 * One `changes[]` item -> a comment event: Page `feed` (item comment, verb add/edited/remove)
 * or Instagram `comments` (creation only; no verb, no timestamp: the entry time stands in).
 * Comments written by the Page / account itself are skipped (our own replies come back here).
 */
export function parseChange(platform: MetaPlatform, accountId: string, entryTime: number, field: string, value: Record<string, unknown>): MetaEvent | Skip {
  if (platform === "FACEBOOK" && field === "feed") {
    if (value.item !== "comment") return { skip: `feed item ${String(value.item).slice(0, 30)} ignored` };
    const parsed = feedCommentSchema.safeParse(value);
    if (!parsed.success) return { skip: `malformed feed comment: ${issue(parsed.error)}` };
    const v = parsed.data;
    if (v.from.id === accountId) return { skip: "the Page's own comment" };
    const at = new Date(v.created_time !== undefined ? v.created_time * 1000 : entryTime);
    // A top-level comment's parent is the post itself: only a reply has a parent comment.
    const parentId = v.parent_id && v.parent_id !== v.post_id ? v.parent_id : undefined;
    return { platform, accountId, at, type: "comment", verb: v.verb, commentId: v.comment_id, postId: v.post_id, parentId, from: { id: v.from.id, name: v.from.name, username: undefined }, text: v.message };
  }
  if (platform === "INSTAGRAM" && field === "comments") {
    const parsed = instagramCommentSchema.safeParse(value);
    if (!parsed.success) return { skip: `malformed Instagram comment: ${issue(parsed.error)}` };
    const v = parsed.data;
    if (v.from.id === accountId) return { skip: "the account's own comment" };
    return { platform, accountId, at: new Date(entryTime), type: "comment", verb: "add", commentId: v.id, postId: v.media.id, parentId: v.parent_id, from: { id: v.from.id, name: undefined, username: v.from.username }, text: v.text };
  }
  return { skip: `change field ${field.slice(0, 40)} ignored` };
}
