import { z } from "zod";
import { savedReplyInput } from "@/shared/saved-replies/saved-reply-input";
import { createSavedReply, deleteSavedReply, listSavedReplies, updateSavedReply } from "../../saved-replies/saved-replies";
import { adminProcedure, createTRPCRouter, viewerProcedure } from "../trpc";

const id = z.object({ id: z.string().trim().min(1).max(100) });

/** Saved replies: admins manage them (Settings -> Saved replies); everyone reads them, agents use them in the composer. */
export const savedRepliesRouter = createTRPCRouter({
  list: viewerProcedure.query(({ ctx }) => ctx.tenant((tx) => listSavedReplies(tx, ctx.workspaceId))),
  create: adminProcedure.input(savedReplyInput).mutation(({ ctx, input }) => ctx.tenant((tx) => createSavedReply(tx, ctx.workspaceId, ctx.userId, input))),
  update: adminProcedure
    .input(id.extend({ reply: savedReplyInput }))
    .mutation(({ ctx, input }) => ctx.tenant((tx) => updateSavedReply(tx, ctx.workspaceId, ctx.userId, input.id, input.reply))),
  delete: adminProcedure.input(id).mutation(({ ctx, input }) => ctx.tenant((tx) => deleteSavedReply(tx, ctx.workspaceId, ctx.userId, input.id))),
});
