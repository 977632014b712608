import { z } from "zod";
import { articleInput, createArticle, deleteArticle, listArticles, updateArticle } from "../../knowledge/knowledge";
import { adminProcedure, createTRPCRouter, viewerProcedure } from "../trpc";

const id = z.object({ id: z.string().min(1) });

export const knowledgeRouter = createTRPCRouter({
  list: viewerProcedure.query(({ ctx }) => ctx.tenant((tx) => listArticles(tx, ctx.workspaceId))),
  create: adminProcedure.input(articleInput).mutation(({ ctx, input }) => ctx.tenant((tx) => createArticle(tx, ctx.workspaceId, ctx.userId, input))),
  update: adminProcedure
    .input(id.extend({ article: articleInput }))
    .mutation(({ ctx, input }) => ctx.tenant((tx) => updateArticle(tx, ctx.workspaceId, ctx.userId, input.id, input.article))),
  delete: adminProcedure.input(id).mutation(({ ctx, input }) => ctx.tenant((tx) => deleteArticle(tx, ctx.workspaceId, ctx.userId, input.id))),
});
