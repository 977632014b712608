import { demoChannel, demoMessageInput, sendDemoMessage } from "../../demo/send-demo-message";
import { agentProcedure, createTRPCRouter, viewerProcedure } from "../trpc";

export const demoRouter = createTRPCRouter({
  channel: viewerProcedure.query(({ ctx }) =>
    ctx.tenant(async (tx) => {
      const channel = await demoChannel(tx);
      return channel ? { id: channel.id, name: channel.name } : null;
    }),
  ),
  send: agentProcedure.input(demoMessageInput).mutation(async ({ ctx, input }) => {
    const channel = await ctx.tenant(demoChannel);
    const { messageId: platformMessageId } = await sendDemoMessage(channel, input);
    // The webhook stored it synchronously: hand the page its ids so it can follow it live.
    const stored = await ctx.tenant((tx) =>
      tx.message.findFirst({ where: { channelId: channel?.id, platformMessageId }, select: { id: true, conversationId: true } }),
    );
    return { platformMessageId, messageId: stored?.id ?? null, conversationId: stored?.conversationId ?? null };
  }),
});
