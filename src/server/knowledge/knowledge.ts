import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import type { RawSql } from "../infra/db/sql";
import type { Tx } from "../infra/db/tenant";
import { AppError } from "../infra/errors/app-error";

export const articleInput = z.object({
  title: z.string().trim().min(1, "Title is required").max(200),
  body: z.string().trim().min(1, "Body is required").max(20_000, "Articles are limited to 20,000 characters"),
  tags: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
});

const SELECT = { id: true, title: true, body: true, tags: true, updatedAt: true } as const;

export async function listArticles(tx: Tx, workspaceId: string) {
  return tx.knowledgeArticle.findMany({ where: { workspaceId }, orderBy: { updatedAt: "desc" }, select: SELECT, take: 500 });
}

export async function createArticle(tx: Tx, workspaceId: string, userId: string, input: z.infer<typeof articleInput>) {
  const article = await tx.knowledgeArticle.create({ data: { workspaceId, ...input }, select: SELECT });
  await recordAudit(tx, workspaceId, { actor: { type: "USER", id: userId }, action: "knowledge.create", target: { type: "knowledge_article", id: article.id } });
  return article;
}

export async function updateArticle(tx: Tx, workspaceId: string, userId: string, id: string, input: z.infer<typeof articleInput>) {
  const { count } = await tx.knowledgeArticle.updateMany({ where: { id, workspaceId }, data: input });
  if (count === 0) throw new AppError("NOT_FOUND", "No article with that id.");
  await recordAudit(tx, workspaceId, { actor: { type: "USER", id: userId }, action: "knowledge.update", target: { type: "knowledge_article", id } });
  return tx.knowledgeArticle.findFirstOrThrow({ where: { id, workspaceId }, select: SELECT });
}

export async function deleteArticle(tx: Tx, workspaceId: string, userId: string, id: string) {
  const { count } = await tx.knowledgeArticle.deleteMany({ where: { id, workspaceId } });
  if (count === 0) throw new AppError("NOT_FOUND", "No article with that id.");
  await recordAudit(tx, workspaceId, { actor: { type: "USER", id: userId }, action: "knowledge.delete", target: { type: "knowledge_article", id } });
}

export type RetrievedSnippet = { id: string; title: string; body: string; rank: number };

/** Full-text retrieval for the reply generator (websearch syntax) over the workspace's articles. */
export async function searchArticles(tx: Tx, workspaceId: string, query: string, limit = 3): Promise<RetrievedSnippet[]> {
  const [snippets] = await searchArticlesMany(tx, workspaceId, [query], limit);
  return snippets ?? [];
}

/** `searchArticles` for many queries in one statement (the pipeline's batches); one list per query, in order. */
export async function searchArticlesMany(tx: RawSql, workspaceId: string, queries: readonly string[], limit = 3): Promise<RetrievedSnippet[][]> {
  const result = queries.map((): RetrievedSnippet[] => []);
  const asked = queries.map((q, i) => ({ q: q.trim(), i })).filter((x) => x.q);
  if (asked.length === 0) return result;
  const rows = await tx.$queryRaw<Array<RetrievedSnippet & { i: number; updatedAt: Date }>>`
    SELECT q.i, a.id, a.title, a.body, a.rank, a."updatedAt"
    FROM unnest(${asked.map((x) => x.q)}::text[], ${asked.map((x) => x.i)}::int[]) AS q(query, i)
    CROSS JOIN LATERAL (
      SELECT id, title, body, "updatedAt", ts_rank("search", tq)::float8 AS rank
      FROM knowledge_articles, websearch_to_tsquery('english', q.query) tq
      WHERE "workspaceId" = ${workspaceId} AND "search" @@ tq
      ORDER BY rank DESC, "updatedAt" DESC
      LIMIT ${limit}
    ) a
    ORDER BY q.i, a.rank DESC, a."updatedAt" DESC`;
  for (const { i, id, title, body, rank } of rows) result[i]!.push({ id, title, body, rank });
  return result;
}
