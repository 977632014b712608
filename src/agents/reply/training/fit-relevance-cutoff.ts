import { readFileSync } from "node:fs";
import { z } from "zod";
import { parseJsonl, type JsonlProblem } from "@/agents/training/read-jsonl";
import { scoreRelevance } from "../score-relevance";

/**
 * Precision counts this many times more than recall when the cut-off is chosen (F-beta with
 * beta 0.5): answering from an irrelevant article sends a wrong answer, while missing a
 * relevant one only hands the message to a person.
 */
export const CUTOFF_BETA = 0.5;

export const devRowSchema = z.object({
  lang: z.string().min(2).max(8),
  question: z.string().min(1),
  article: z.string().min(1),
  relevant: z.boolean(),
});
export type DevRow = z.infer<typeof devRowSchema>;
const articlesSchema = z.record(z.string(), z.array(z.object({ id: z.string(), title: z.string(), body: z.string() })));

export type CutoffFit = { cutoff: number; fBeta: number; precision: number; recall: number; rows: number; relevantRows: number };

/**
 * The cut-off that maximises F-beta of "score >= cut-off" against the labels. Candidates are
 * the midpoints between consecutive distinct scores (plus just above the highest), so the
 * result does not depend on a grid; ties go to the higher (stricter) cut-off.
 */
export function fitCutoff(scored: ReadonlyArray<{ score: number; relevant: boolean }>, beta = CUTOFF_BETA): CutoffFit {
  if (scored.length === 0) throw new Error("fitCutoff: no rows to fit on");
  const positives = scored.filter((s) => s.relevant).length;
  if (positives === 0 || positives === scored.length) throw new Error("fitCutoff: needs both relevant and irrelevant rows");
  const distinct = [...new Set(scored.map((s) => s.score))].sort((a, b) => a - b);
  const candidates = distinct.map((s, i) => (i === 0 ? s / 2 : (s + (distinct[i - 1] ?? 0)) / 2));
  let best: CutoffFit | null = null;
  for (const cutoff of candidates) {
    const kept = scored.filter((s) => s.score >= cutoff);
    const tp = kept.filter((s) => s.relevant).length;
    const precision = kept.length === 0 ? 0 : tp / kept.length;
    const recall = tp / positives;
    const b2 = beta * beta;
    const fBeta = precision + recall === 0 ? 0 : ((1 + b2) * precision * recall) / (b2 * precision + recall);
    if (!best || fBeta >= best.fBeta) best = { cutoff: round(cutoff), fBeta: round(fBeta), precision: round(precision), recall: round(recall), rows: scored.length, relevantRows: positives };
  }
  return best!;
}

/** Reads the dev set (pairs JSONL + the articles they name) and scores every pair. */
export function scoreDevSet(pairsPath: URL | string, articlesPath: URL | string): { scored: Array<DevRow & { score: number }>; problems: JsonlProblem[] } {
  const { rows, problems } = parseJsonl(readFileSync(pairsPath, "utf8"), devRowSchema);
  const articles = new Map(Object.values(articlesSchema.parse(JSON.parse(readFileSync(articlesPath, "utf8")))).flat().map((a) => [a.id, a]));
  const scored = rows.map((row, i) => {
    const article = articles.get(row.article);
    if (!article) throw new Error(`dev set row ${i + 1}: unknown article "${row.article}"`);
    return { ...row, score: scoreRelevance(row.question, article) };
  });
  return { scored, problems };
}

export const DEV_PAIRS_PATH = new URL("../../../../training-data/reply/relevance-dev.jsonl", import.meta.url);
export const DEV_ARTICLES_PATH = new URL("../../../../training-data/reply/relevance-dev-articles.json", import.meta.url);

const round = (x: number) => Number(x.toFixed(4));
