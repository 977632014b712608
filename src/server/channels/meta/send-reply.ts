import { z } from "zod";
import { ChannelRejectedError, type ChannelCredentials, type OutboundReply } from "../connector";
import { callGraph } from "./graph-client";
import type { MetaGraphConfig } from "./meta-config";
import type { MetaPlatform } from "./meta-event";
import { metaReplyProblem } from "./reply-limits";
import { sendMetadata } from "./send-metadata";

export type MetaOutboundReply = OutboundReply & {
  /** On a COMMENT: answer the commenter privately in Messenger / Instagram (once per comment, within 7 days). */
  privateReply?: boolean;
  /** On a DM: a person's own reply between 24 h and 7 days after the customer's last message. */
  humanAgent?: boolean;
};

const sendAnswer = z.object({ message_id: z.string().min(1) });
const commentAnswer = z.object({ id: z.string().min(1) });

/**
 * Sends one reply and returns the platform's id for it. Sources (docs/platforms/meta.md,
 * "Sending"): Send API `POST /me/messages` (the Page token acts as the Page, or as the Page's
 * Instagram account) with `messaging_type: RESPONSE`, or MESSAGE_TAG + HUMAN_AGENT; private
 * replies with `recipient: { comment_id }`; public replies `POST /{comment-id}/comments`
 * (Facebook) or `/{ig-comment-id}/replies` (Instagram). Length is checked first: refused, not cut.
 * Meta has no idempotency key: a Send API message carries our send key as `metadata` instead,
 * which its echo hands back; a public comment reply carries nothing.
 */
export async function sendMetaReply(platform: MetaPlatform, credentials: ChannelCredentials, reply: MetaOutboundReply, config?: MetaGraphConfig): Promise<{ platformMessageId: string }> {
  const accessToken = credentials.accessToken ?? "";
  if (reply.conversationKind === "MENTION") throw new ChannelRejectedError(`${platform} replies go to DMs or comments, not mentions`);
  const isComment = reply.conversationKind === "COMMENT";
  const commentId = reply.inReplyToPlatformMessageId;
  if (isComment && !commentId) throw new ChannelRejectedError("A comment reply needs the comment it answers");
  const surface = isComment && !reply.privateReply ? "COMMENT" : "DM";
  const problem = metaReplyProblem(platform, surface, reply.text);
  if (problem) throw new ChannelRejectedError(problem);
  // Our send key rides along as metadata, which Meta hands back on the echo (send-metadata.ts).
  const message = JSON.stringify({ text: reply.text, ...(reply.sendKey ? { metadata: sendMetadata(reply.sendKey) } : {}) });

  if (isComment && commentId && !reply.privateReply) {
    const edge = platform === "INSTAGRAM" ? "replies" : "comments";
    const answer = await callGraph({ method: "POST", path: [commentId, edge], accessToken, params: { message: reply.text }, operation: "comment.reply" }, commentAnswer, config);
    return { platformMessageId: answer.id };
  }
  const params: Record<string, string> =
    isComment && commentId
      ? { recipient: JSON.stringify({ comment_id: commentId }), message }
      : reply.humanAgent
        ? { recipient: JSON.stringify({ id: reply.recipientPlatformUserId }), messaging_type: "MESSAGE_TAG", tag: "HUMAN_AGENT", message }
        : { recipient: JSON.stringify({ id: reply.recipientPlatformUserId }), messaging_type: "RESPONSE", message };
  const answer = await callGraph({ method: "POST", path: ["me", "messages"], accessToken, params, operation: isComment ? "private-reply" : "send" }, sendAnswer, config);
  return { platformMessageId: answer.message_id };
}
