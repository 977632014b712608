import { readFileSync } from "node:fs";
import { z } from "zod";
import { normaliseText } from "../normalise-text";
import { parseJsonl } from "../../training/read-jsonl";
import { INTENTS, intentSchema, labelledTextSchema } from "../schema";

export const DEFAULT_POOL_PATH = new URL("../../../../../shared/datasets/intent/train.jsonl", import.meta.url);
/** Hand-written rows in the social-media register: direct messages and comments, then public posts to a brand's handle. */
export const SOCIAL_PATHS = [
  new URL("../../../../training-data/intent/social.jsonl", import.meta.url),
  new URL("../../../../training-data/intent/public-posts.jsonl", import.meta.url),
];

const poolRowSchema = z.object({ id: z.string(), text: z.string(), label: intentSchema, source: z.string() });

/** Where a row came from; the split is stratified on it and the report slices by it. */
export type Domain = "social" | "multidogo" | "clinc150" | "youtube" | "sms";

export type TrainingRow = { text: string; normalised: string; label: number; domain: Domain };

function domainOf(source: string): Domain {
  if (source.startsWith("multidogo")) return "multidogo";
  if (source.startsWith("clinc150")) return "clinc150";
  if (source.startsWith("youtube")) return "youtube";
  if (source.startsWith("sms")) return "sms";
  throw new Error(`unknown pool source: ${source}`);
}

function readRows<S extends z.ZodType>(path: URL | string, schema: S): z.infer<S>[] {
  const { rows, problems } = parseJsonl(readFileSync(path, "utf8"), schema);
  if (problems.length > 0) {
    const first = problems.slice(0, 5).map((p) => `line ${p.line}: ${p.message}`).join("\n");
    throw new Error(`${String(path)} has ${problems.length} bad lines:\n${first}`);
  }
  return rows;
}

/**
 * Pool rows plus the hand-written social rows, normalised. A row whose normalised text was
 * already seen (in either set) is dropped, so no text can sit on both sides of the split.
 */
export function loadTrainingData(poolPath: URL | string = DEFAULT_POOL_PATH): {
  rows: TrainingRow[];
  duplicatesDropped: number;
} {
  const pool = readRows(poolPath, poolRowSchema).map((r) => ({ text: r.text, label: r.label, domain: domainOf(r.source) }));
  const social = SOCIAL_PATHS.flatMap((path) => readRows(path, labelledTextSchema)).map((r) => ({ ...r, domain: "social" as const }));
  const seen = new Set<string>();
  const rows: TrainingRow[] = [];
  let duplicatesDropped = 0;
  for (const row of [...pool, ...social]) {
    const normalised = normaliseText(row.text);
    if (normalised === "" || seen.has(normalised)) {
      duplicatesDropped++;
      continue;
    }
    seen.add(normalised);
    rows.push({ text: row.text, normalised, label: INTENTS.indexOf(row.label), domain: row.domain });
  }
  return { rows, duplicatesDropped };
}
