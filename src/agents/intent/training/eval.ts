/**
 * Evaluates the local intent classifier:
 *   npm run eval:intent                          the dev set of real-register traffic (overall and per
 *                                                kind), then the held-out split when the training pool is there
 *   npm run eval:intent -- path/to/file.jsonl    lines of {"text": "...", "label": "sales|support|spam|other"}
 * Exit codes: 0 done, 2 usage error / missing or empty file.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { parseJsonl } from "../../training/read-jsonl";
import { labelledTextSchema } from "../schema";
import { evaluateFile, evaluateRows } from "./evaluate-file";
import { heldOutTexts } from "./held-out";
import { DEFAULT_POOL_PATH } from "./load-training-data";

/**
 * Messages as a company receives them (public posts to its handle, comments, video comments,
 * SMS, chat turns), written apart from every training file and never trained or tuned on
 * (tests/fixtures/intent/README.md says how).
 */
export const DEV_SET_PATH = new URL("../../../../tests/fixtures/intent/public-dev.jsonl", import.meta.url);
const devRowSchema = labelledTextSchema.extend({ kind: z.string() });

function evaluateDevSet(): void {
  const { rows, problems } = parseJsonl(readFileSync(DEV_SET_PATH, "utf8"), devRowSchema);
  console.log(evaluateRows(rows, "local intent classifier on the dev set (tests/fixtures/intent/public-dev.jsonl)", problems).report);
  for (const kind of [...new Set(rows.map((r) => r.kind))].sort()) {
    const { metrics } = evaluateRows(rows.filter((r) => r.kind === kind), kind);
    console.log(`  ${kind.padEnd(14)} n=${String(metrics.count).padStart(4)}  accuracy ${(100 * metrics.accuracy).toFixed(1)}%  macro-F1 ${(100 * metrics.macroF1).toFixed(1)}%  genuine flagged as spam ${(100 * metrics.genuineFlaggedAsSpam).toFixed(1)}%`);
  }
}

const path = process.argv.slice(2).find((arg) => arg !== "--");
if (path) {
  const result = evaluateFile(path);
  if (!result.ok) {
    console.error(`eval:intent: ${result.error}`);
    process.exit(2);
  }
  console.log(result.report);
} else {
  evaluateDevSet();
  console.log("");
  if (existsSync(DEFAULT_POOL_PATH)) {
    const { overall, social } = heldOutTexts();
    console.log(evaluateRows(overall, "local intent classifier on the held-out split").report);
    console.log("");
    console.log(evaluateRows(social, "held-out social-register slice").report);
  } else {
    // The held-out split is cut from the training pool, which is not part of this repository.
    console.log(`held-out split: skipped; it needs the intent training pool at ${fileURLToPath(DEFAULT_POOL_PATH)} (not in this repository; see training-data/intent/DATA.md)`);
  }
}
