import { z } from "zod";
import { conversationLinks } from "../../platform-links/conversation-links";
import { createTRPCRouter, viewerProcedure } from "../trpc";

/** Links to the original posts on their platform ("View on X"), for everyone who sees the conversation. */
export const platformLinksRouter = createTRPCRouter({
  forConversation: viewerProcedure
    .input(z.object({ conversationId: z.string().trim().min(1).max(100) }))
    .query(({ ctx, input }) => ctx.tenant((tx) => conversationLinks(tx, ctx, input.conversationId))),
});
