/**
 * Evaluates the local intent classifier:
 *   npm run eval:intent                          the held-out split (overall and the social slice)
 *   npm run eval:intent -- path/to/file.jsonl    lines of {"text": "...", "label": "sales|support|spam|other"}
 * Exit codes: 0 done, 2 usage error / missing or empty file / no training pool for the held-out split.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { evaluateFile, evaluateRows } from "./evaluate-file";
import { heldOutTexts } from "./held-out";
import { DEFAULT_POOL_PATH } from "./load-training-data";

const path = process.argv.slice(2).find((arg) => arg !== "--");
if (!path && !existsSync(DEFAULT_POOL_PATH)) {
  // The held-out split is cut from the training pool, which is not part of this repository.
  console.error(
    `eval:intent: the held-out split needs the intent training pool at ${fileURLToPath(DEFAULT_POOL_PATH)} (not in this repository; see training-data/intent/DATA.md).\n` +
      "Evaluate your own labelled file instead: npm run eval:intent -- file.jsonl",
  );
  process.exit(2);
} else if (!path) {
  const { overall, social } = heldOutTexts();
  console.log(evaluateRows(overall, "local intent classifier on the held-out split").report);
  console.log("");
  console.log(evaluateRows(social, "held-out social-register slice").report);
} else {
  const result = evaluateFile(path);
  if (!result.ok) {
    console.error(`eval:intent: ${result.error}`);
    process.exit(2);
  }
  console.log(result.report);
}
