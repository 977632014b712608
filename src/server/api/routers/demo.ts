import { demoChannel, demoMessageInput, sendDemoMessage } from "../../demo/send-demo-message";
import { agentProcedure, createTRPCRouter, viewerProcedure } from "../trpc";

export const demoRouter = createTRPCRouter({
  channel: viewerProcedure.query(({ ctx }) =>
    ctx.tenant(async (tx) => {
      const channel = await demoChannel(tx);
      return channel ? { id: channel.id, name: channel.name } : null;
    }),
  ),
  send: agentProcedure.input(demoMessageInput).mutation(async ({ ctx, input }) => sendDemoMessage(await ctx.tenant(demoChannel), input)),
});
