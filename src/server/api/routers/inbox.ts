import { z } from "zod";
import { getConversation } from "../../inbox/get-conversation";
import { listConversations } from "../../inbox/list-conversations";
import { approveDraft, discardDraft, replyTextSchema, sendHumanReply, setAutoReplyPaused } from "../../inbox/reply-actions";
import { publishJob } from "../../runtime/queue";
import { realtime } from "../../runtime/ports";

/** Tells everyone in the workspace a conversation changed (ids only; failures are not fatal). */
async function announce(workspaceId: string, conversationId: string): Promise<void> {
  await realtime().publish(workspaceId, { type: "conversation.updated", conversationId }).catch(() => undefined);
}
import { agentProcedure, createTRPCRouter, viewerProcedure } from "../trpc";

const id = z.string().min(1).max(100);

export const inboxRouter = createTRPCRouter({
  list: viewerProcedure
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50), tier: z.enum(["HOT", "WARM", "COLD"]).optional() }).default({ limit: 50 }))
    .query(({ ctx, input }) => ctx.tenant((tx) => listConversations(tx, ctx.workspaceId, ctx.role, ctx.userId, input))),

  get: viewerProcedure.input(z.object({ conversationId: id })).query(({ ctx, input }) => ctx.tenant((tx) => getConversation(tx, ctx.workspaceId, ctx.role, ctx.userId, input.conversationId))),

  approve: agentProcedure.input(z.object({ replyId: id, text: replyTextSchema.optional() })).mutation(async ({ ctx, input }) => {
    const { replyId, conversationId } = await ctx.tenant((tx) => approveDraft(tx, ctx, input));
    await publishJob("send-reply", { workspaceId: ctx.workspaceId, replyId }, { dedupId: replyId });
    await announce(ctx.workspaceId, conversationId);
    return { replyId };
  }),

  reply: agentProcedure.input(z.object({ conversationId: id, text: replyTextSchema })).mutation(async ({ ctx, input }) => {
    const { replyId } = await ctx.tenant((tx) => sendHumanReply(tx, ctx, input));
    await publishJob("send-reply", { workspaceId: ctx.workspaceId, replyId }, { dedupId: replyId });
    await announce(ctx.workspaceId, input.conversationId);
    return { replyId };
  }),

  discard: agentProcedure.input(z.object({ replyId: id })).mutation(async ({ ctx, input }) => {
    const { conversationId } = await ctx.tenant((tx) => discardDraft(tx, ctx, input.replyId));
    await announce(ctx.workspaceId, conversationId);
  }),

  setPaused: agentProcedure
    .input(z.object({ conversationId: id, paused: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      await ctx.tenant((tx) => setAutoReplyPaused(tx, ctx, input));
      await announce(ctx.workspaceId, input.conversationId);
    }),
});
