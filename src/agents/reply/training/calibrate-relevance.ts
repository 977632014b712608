/**
 * Fits the relevance cut-off on the dev set and writes model/relevance-cutoff.json:
 *   npx tsx src/agents/reply/training/calibrate-relevance.ts
 * Deterministic: the same dev set and scorer give the same file.
 */
import { writeFileSync } from "node:fs";
import { DEV_ARTICLES_PATH, DEV_PAIRS_PATH, fitCutoff, scoreDevSet, CUTOFF_BETA } from "./fit-relevance-cutoff";

const { scored, problems } = scoreDevSet(DEV_PAIRS_PATH, DEV_ARTICLES_PATH);
if (problems.length > 0) {
  for (const p of problems) console.error(`relevance-dev.jsonl line ${p.line}: ${p.message}`);
  process.exit(2);
}
const fit = fitCutoff(scored);
const byLanguage = Object.fromEntries(
  [...new Set(scored.map((s) => s.lang))].sort().map((lang) => {
    const rows = scored.filter((s) => s.lang === lang);
    const kept = rows.filter((s) => s.score >= fit.cutoff);
    const tp = kept.filter((s) => s.relevant).length;
    const positives = rows.filter((s) => s.relevant).length;
    return [lang, { rows: rows.length, precision: kept.length ? Number((tp / kept.length).toFixed(4)) : null, recall: positives ? Number((tp / positives).toFixed(4)) : null }];
  }),
);
const out = { note: "Fitted by calibrate-relevance.ts on training-data/reply/relevance-dev.jsonl (F-beta, precision weighted). Do not edit by hand.", beta: CUTOFF_BETA, ...fit, byLanguage };
writeFileSync(new URL("../model/relevance-cutoff.json", import.meta.url), `${JSON.stringify(out, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
