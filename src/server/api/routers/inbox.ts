import { z } from "zod";
import { getConversation } from "../../inbox/get-conversation";
import { assignConversation, listAssignees, markConversationRead, setConversationStatus, statusChangeSchema } from "../../inbox/conversation-workflow";
import { getInboxSettings, setInboxAutoAssign } from "../../inbox/inbox-settings";
import { listConversations, listFiltersSchema } from "../../inbox/list-conversations";
import { markNotSpam, notSpamIntentSchema } from "../../inbox/not-spam";
import { approveDraft, discardDraft, replyTextSchema, resolveUnknownReply, sendHumanReply, setAutoReplyPaused, unknownReplyOutcomeSchema } from "../../inbox/reply-actions";
import { adminProcedure, agentProcedure, createTRPCRouter, viewerProcedure } from "../trpc";

const id = z.string().min(1).max(100);

export const inboxRouter = createTRPCRouter({
  /** The conversations the member may see, filtered (folder, status, intent, tier, channel, assignee, search). */
  list: viewerProcedure
    .input(listFiltersSchema.default({ limit: 50 }))
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

  /** Open, close, or snooze until a time. */
  setStatus: agentProcedure.input(z.object({ conversationId: id, change: statusChangeSchema })).mutation(async ({ ctx, input }) => {
    await ctx.tenant((tx, outbox) => setConversationStatus(tx, outbox, ctx, input));
  }),

  /** Assign to a member (admins), to oneself (agents), or unassign (null). */
  assign: agentProcedure.input(z.object({ conversationId: id, assigneeId: id.nullable() })).mutation(async ({ ctx, input }) => {
    await ctx.tenant((tx, outbox) => assignConversation(tx, outbox, ctx, input));
  }),

  /** Who conversations can be assigned to (agents and admins). */
  assignees: viewerProcedure.query(({ ctx }) => ctx.tenant((tx) => listAssignees(tx, ctx.workspaceId))),

  /** The member opened the conversation. */
  markRead: viewerProcedure.input(z.object({ conversationId: id })).mutation(async ({ ctx, input }) => {
    await ctx.tenant((tx) => markConversationRead(tx, ctx, input.conversationId));
  }),

  /** "Not spam": corrects the latest message's intent, trusts the contact, moves the conversation back to the inbox. */
  notSpam: agentProcedure.input(z.object({ conversationId: id, intent: notSpamIntentSchema })).mutation(async ({ ctx, input }) => {
    await ctx.tenant((tx, outbox) => markNotSpam(tx, outbox, ctx, input));
  }),

  settings: viewerProcedure.query(({ ctx }) => ctx.tenant((tx) => getInboxSettings(tx, ctx.workspaceId))),

  setAutoAssign: adminProcedure.input(z.object({ enabled: z.boolean() })).mutation(({ ctx, input }) => ctx.tenant((tx) => setInboxAutoAssign(tx, ctx, input.enabled))),
});
