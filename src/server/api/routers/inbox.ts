import { z } from "zod";
import { getConversation } from "../../inbox/get-conversation";
import { listConversations } from "../../inbox/list-conversations";
import { approveDraft, discardDraft, replyTextSchema, resolveUnknownReply, sendHumanReply, setAutoReplyPaused, unknownReplyOutcomeSchema } from "../../inbox/reply-actions";
import { agentProcedure, createTRPCRouter, viewerProcedure } from "../trpc";
import { TIERS } from "@/shared/vocabulary";

const id = z.string().min(1).max(100);

export const inboxRouter = createTRPCRouter({
  list: viewerProcedure
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50), tier: z.enum(TIERS).optional() }).default({ limit: 50 }))
    .query(({ ctx, input }) => ctx.tenant((tx) => listConversations(tx, ctx.workspaceId, ctx.role, ctx.userId, input))),

  get: viewerProcedure.input(z.object({ conversationId: id })).query(({ ctx, input }) => ctx.tenant((tx) => getConversation(tx, ctx.workspaceId, ctx.role, ctx.userId, input.conversationId))),

  approve: agentProcedure.input(z.object({ replyId: id, text: replyTextSchema.optional() })).mutation(async ({ ctx, input }) => {
    const { replyId } = await ctx.tenant((tx, outbox) => approveDraft(tx, outbox, ctx, input));
    return { replyId };
  }),

  reply: agentProcedure.input(z.object({ conversationId: id, text: replyTextSchema })).mutation(async ({ ctx, input }) => {
    const { replyId } = await ctx.tenant((tx, outbox) => sendHumanReply(tx, outbox, ctx, input));
    return { replyId };
  }),

  discard: agentProcedure.input(z.object({ replyId: id })).mutation(async ({ ctx, input }) => {
    await ctx.tenant((tx, outbox) => discardDraft(tx, outbox, ctx, input.replyId));
  }),

  /** A reply whose delivery is unknown, after a person checked the platform: mark it sent, or send it again. */
  resolveUnknown: agentProcedure.input(z.object({ replyId: id, outcome: unknownReplyOutcomeSchema })).mutation(async ({ ctx, input }) => {
    await ctx.tenant((tx, outbox) => resolveUnknownReply(tx, outbox, ctx, input));
  }),

  setPaused: agentProcedure
    .input(z.object({ conversationId: id, paused: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      await ctx.tenant((tx, outbox) => setAutoReplyPaused(tx, outbox, ctx, input));
    }),
});
