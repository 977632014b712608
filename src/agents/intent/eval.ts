/**
 * Evaluates the local intent classifier:
 *   npm run eval:intent                          the held-out split (overall and the social slice)
 *   npm run eval:intent -- path/to/file.jsonl    lines of {"text": "...", "label": "sales|support|spam|other"}
 * Exit codes: 0 done, 2 usage error / missing or empty file.
 */
import { evaluateFile, evaluateRows } from "./evaluate-file";
import { heldOutTexts } from "./held-out";

const path = process.argv.slice(2).find((arg) => arg !== "--");
if (!path) {
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
