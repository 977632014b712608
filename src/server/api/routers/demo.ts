import { z } from "zod";
import { clearDemoData } from "../../demo/clear-demo-data";
import { demoChannel, demoMessageInput, sendDemoMessage } from "../../demo/send-demo-message";
import type { RealtimeEvent } from "@/shared/realtime-events";
import { realtime } from "../../infra/runtime/ports";
import { adminProcedure, agentProcedure, createTRPCRouter, viewerProcedure } from "../trpc";

export const demoRouter = createTRPCRouter({
  channel: viewerProcedure.query(({ ctx }) =>
    ctx.tenant(async (tx) => {
      const channel = await demoChannel(tx, ctx.workspaceId);
      return channel ? { id: channel.id, name: channel.name } : null;
    }),
  ),
  send: agentProcedure.input(demoMessageInput).mutation(async ({ ctx, input }) => {
    const channel = await ctx.tenant((tx) => demoChannel(tx, ctx.workspaceId));
    const { messageId: platformMessageId } = await sendDemoMessage({ workspaceId: ctx.workspaceId, userId: ctx.userId }, channel, input);
    // The webhook stored it synchronously: hand the page its ids so it can follow it live.
    const stored = await ctx.tenant((tx) =>
      tx.message.findFirst({ where: { workspaceId: ctx.workspaceId, channelId: channel?.id, platformMessageId }, select: { id: true, conversationId: true } }),
    );
    return { platformMessageId, messageId: stored?.id ?? null, conversationId: stored?.conversationId ?? null };
  }),
  /** Deletes everything that came through the Demo channel; the channel and knowledge stay. */
  clear: adminProcedure
    .input(z.object({ confirm: z.literal(true, { error: "Confirm that the demo data should be deleted." }) }))
    .mutation(async ({ ctx }) => {
      const { cleared, conversationIds, leadIds } = await clearDemoData({ workspaceId: ctx.workspaceId, userId: ctx.userId });
      // Open inboxes and lead lists refetch (ids only); a realtime outage does not undo the clear.
      const announce = (event: RealtimeEvent) => Promise.resolve().then(() => realtime().publish(ctx.workspaceId, event));
      await Promise.allSettled([
        ...conversationIds.map((conversationId) => announce({ type: "conversation.updated", conversationId })),
        ...leadIds.map((leadId) => announce({ type: "lead.updated", leadId })),
      ]);
      return cleared;
    }),
});
