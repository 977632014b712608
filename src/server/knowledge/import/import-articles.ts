import { z } from "zod";
import type { ImportFormat } from "@/shared/knowledge-import";
import { recordAudit } from "../../audit/record-audit";
import type { Tx } from "../../infra/db/tenant";
import { AppError } from "../../infra/errors/app-error";
import { importFileInput, readImportFile, titleKey, type ImportFileInput, type ReadImport } from "./read-import-file";

export const importArticlesInput = importFileInput.extend({
  /** What to do with an article whose title the workspace already has. */
  duplicates: z.enum(["skip", "replace"]),
});

const SHOWN_TITLES = 10;
const SHOWN_PROBLEMS = 50;

export type ImportPreview = {
  format: ImportFormat;
  articleCount: number;
  titles: string[];
  duplicateCount: number;
  duplicateTitles: string[];
  problems: Array<{ line: number; message: string }>;
  problemCount: number;
  notes: string[];
  canImport: boolean;
};

export type ImportResult = { created: number; replaced: number; skipped: number };

/** The workspace's articles whose titles the file repeats: title key -> the most recently updated one. */
async function existingByTitle(tx: Tx, workspaceId: string, read: ReadImport): Promise<Map<string, string>> {
  if (read.articles.length === 0) return new Map();
  const rows = await tx.knowledgeArticle.findMany({
    where: { workspaceId, title: { in: read.articles.map((a) => a.title), mode: "insensitive" } },
    orderBy: { updatedAt: "asc" },
    select: { id: true, title: true },
  });
  return new Map(rows.map((r) => [titleKey(r.title), r.id]));
}

/** What an import of the file would do, without changing anything. */
export async function previewImport(tx: Tx, workspaceId: string, input: ImportFileInput): Promise<ImportPreview> {
  const read = readImportFile(input);
  const existing = await existingByTitle(tx, workspaceId, read);
  const duplicates = read.articles.filter((a) => existing.has(titleKey(a.title)));
  return {
    format: read.format,
    articleCount: read.articles.length,
    titles: read.articles.slice(0, SHOWN_TITLES).map((a) => a.title),
    duplicateCount: duplicates.length,
    duplicateTitles: duplicates.slice(0, SHOWN_TITLES).map((a) => a.title),
    problems: read.problems.slice(0, SHOWN_PROBLEMS),
    problemCount: read.problems.length,
    notes: read.notes,
    canImport: read.problems.length === 0 && read.articles.length > 0,
  };
}

/**
 * Imports the file's articles in the caller's tenant transaction: all or nothing. A file with
 * any problem imports nothing (the preview lists them). Titles the workspace already has are
 * skipped, or replace that article's title and body (its tags stay). New articles are indexed
 * for search by the same trigger as hand-made ones. One `knowledge.import` audit entry with
 * the counts and the format, never titles or text.
 */
export async function importArticles(tx: Tx, workspaceId: string, userId: string, input: z.infer<typeof importArticlesInput>): Promise<ImportResult> {
  const read = readImportFile(input);
  if (read.problems.length > 0) {
    const n = read.problems.length;
    throw new AppError("BAD_REQUEST", `The file has ${n} problem${n === 1 ? "" : "s"} (the first: ${read.problems[0]!.message}) Fix ${n === 1 ? "it" : "them"} and upload the file again; nothing was imported.`);
  }
  const existing = await existingByTitle(tx, workspaceId, read);
  const fresh = read.articles.filter((a) => !existing.has(titleKey(a.title)));
  const repeated = read.articles.filter((a) => existing.has(titleKey(a.title)));

  if (fresh.length > 0) await tx.knowledgeArticle.createMany({ data: fresh.map((a) => ({ workspaceId, title: a.title, body: a.body })) });
  let replaced = 0;
  if (input.duplicates === "replace") {
    for (const article of repeated) {
      await tx.knowledgeArticle.update({ where: { id: existing.get(titleKey(article.title))!, workspaceId }, data: { title: article.title, body: article.body } });
      replaced += 1;
    }
  }
  const result: ImportResult = { created: fresh.length, replaced, skipped: repeated.length - replaced };
  await recordAudit(tx, workspaceId, {
    actor: { type: "USER", id: userId },
    action: "knowledge.import",
    metadata: { format: read.format, duplicates: input.duplicates, ...result },
  });
  return result;
}
