import { z } from "zod";
import { articleInput, createArticle, deleteArticle, listArticles, updateArticle } from "../../knowledge/knowledge";
import { importArticles, importArticlesInput, previewImport } from "../../knowledge/import/import-articles";
import { importFileInput } from "../../knowledge/import/read-import-file";
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
  /** Import from a CSV or Markdown file: what it would do (changes nothing), then all of it in one transaction. */
  importPreview: adminProcedure.input(importFileInput).mutation(({ ctx, input }) => ctx.tenant((tx) => previewImport(tx, ctx.workspaceId, input))),
  import: adminProcedure.input(importArticlesInput).mutation(({ ctx, input }) => ctx.tenant((tx) => importArticles(tx, ctx.workspaceId, ctx.userId, input))),
  /** "Test the bot": the reply the agent would give to a typed question; stores nothing about it. */
  testBot: agentProcedure.input(testBotInput).mutation(({ ctx, input }) => testBot(ctx.tenant, ctx.workspaceId, input.question)),
});
