import { z } from "zod";
import { articleInput, createArticle, deleteArticle, listArticles, updateArticle } from "../../knowledge/knowledge";
import { testBot, testBotInput } from "../../knowledge/test-bot";
import { adminProcedure, agentProcedure, createTRPCRouter, viewerProcedure } from "../trpc";

const id = z.object({ id: z.string().min(1) });

export const knowledgeRouter = createTRPCRouter({
  list: viewerProcedure.query(({ ctx }) => ctx.tenant((tx) => listArticles(tx, ctx.workspaceId))),
  create: adminProcedure.input(articleInput).mutation(({ ctx, input }) => ctx.tenant((tx) => createArticle(tx, ctx.workspaceId, ctx.userId, input))),
  update: adminProcedure
    .input(id.extend({ article: articleInput }))
    .mutation(({ ctx, input }) => ctx.tenant((tx) => updateArticle(tx, ctx.workspaceId, ctx.userId, input.id, input.article))),
  delete: adminProcedure.input(id).mutation(({ ctx, input }) => ctx.tenant((tx) => deleteArticle(tx, ctx.workspaceId, ctx.userId, input.id))),
  /** "Test the bot": the reply the agent would give to a typed question; stores nothing about it. */
  testBot: agentProcedure.input(testBotInput).mutation(({ ctx, input }) => testBot(ctx.tenant, ctx.workspaceId, input.question)),
});
