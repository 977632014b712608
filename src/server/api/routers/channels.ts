import { z } from "zod";
import { connectAccounts } from "../../channels/connect/connect-accounts";
import { disconnectChannel } from "../../channels/connect/disconnect-channel";
import { listChannels, setChannelAutoReply } from "../../channels/connect/list-channels";
import { pendingAccounts } from "../../channels/connect/pending-accounts";
import { OAUTH_PROVIDER_IDS, oauthProvider } from "../../channels/oauth-providers";
import { adminProcedure, createTRPCRouter, viewerProcedure } from "../trpc";

const id = z.string().trim().min(1).max(100);

/** Channels settings: everyone reads, admins connect (OAuth routes + pick), disconnect and toggle auto-reply. */
export const channelsRouter = createTRPCRouter({
  list: viewerProcedure.query(({ ctx }) => listChannels(ctx)),
  providers: viewerProcedure.query(() =>
    OAUTH_PROVIDER_IDS.map((providerId) => ({ id: providerId, configured: oauthProvider(providerId).configured(), startUrl: `/api/oauth/${providerId}/start` })),
  ),
  pending: adminProcedure.input(z.object({ flowId: id })).query(({ ctx, input }) => pendingAccounts(ctx, input.flowId)),
  connect: adminProcedure
    .input(z.object({ flowId: id, externalIds: z.array(z.string().trim().min(1).max(100)).min(1).max(100) }))
    .mutation(({ ctx, input }) => connectAccounts(ctx, input.flowId, input.externalIds)),
  disconnect: adminProcedure.input(z.object({ channelId: id })).mutation(({ ctx, input }) => disconnectChannel(ctx, input.channelId)),
  setAutoReply: adminProcedure.input(z.object({ channelId: id, enabled: z.boolean() })).mutation(({ ctx, input }) => setChannelAutoReply(ctx, input.channelId, input.enabled)),
});
