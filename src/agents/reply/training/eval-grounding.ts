/**
 * `npm run eval:grounding [-- file.jsonl]`: the reply guardrails on the grounding dev set
 * (tests/fixtures/reply-grounding/cases.jsonl by default): replies with an invented claim
 * blocked, grounded replies passed, per kind and per language. Exit 2 on a missing or empty file.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseJsonl } from "../../training/read-jsonl";
import { formatGroundingReport, groundingCaseSchema, judgeCases } from "./grounding-report";

const DEFAULT_PATH = fileURLToPath(new URL("../../../../tests/fixtures/reply-grounding/cases.jsonl", import.meta.url));
const path = process.argv.slice(2).find((arg) => arg !== "--") ?? DEFAULT_PATH;
if (!existsSync(path)) {
  console.error(`eval:grounding: file not found: ${path}`);
  process.exit(2);
}
const { rows, problems } = parseJsonl(readFileSync(path, "utf8"), groundingCaseSchema);
for (const p of problems) console.log(`skipped line ${p.line}: ${p.message}`);
if (rows.length === 0) {
  console.error(`eval:grounding: no valid cases in ${path}`);
  process.exit(2);
}
console.log(formatGroundingReport(judgeCases(rows), `reply guardrails (local check) on ${path}`));
