/**
 * Evaluates the lead scorer against a salesperson's tiers:
 *   npm run eval:scorer                               the blind, holdout and dev sets (tests/fixtures/scorer/)
 *   npm run eval:scorer -- path/to/leads.jsonl        your own file, same line format (see the dev set's README)
 *   npm run eval:scorer -- --classify [file]          re-classify each text with the local intent model
 * Prints agreement, the 3x3 confusion matrix, the hot<->cold count and every miss.
 * Exit codes: 0 done, 2 usage error / missing or empty file.
 */
import { LABELLED_SETS, loadDevSet } from "./dev-set";
import { evaluateDevSet } from "./evaluate-dev-set";

const args = process.argv.slice(2).filter((arg) => arg !== "--");
const classify = args.includes("--classify");
const unknown = args.filter((arg) => arg.startsWith("--") && arg !== "--classify");
const files = args.filter((arg) => !arg.startsWith("--"));
if (unknown.length > 0 || files.length > 1) {
  console.error(`eval:scorer: usage: npm run eval:scorer -- [--classify] [file.jsonl]${unknown.length ? ` (unknown option ${unknown.join(", ")})` : ""}`);
  process.exit(2);
}

const intentSource = classify ? "intent from the local classifier" : "intent as given";
const sets = files[0] ? [{ name: files[0], path: files[0], note: "" }] : LABELLED_SETS;
for (const set of sets) {
  const loaded = loadDevSet(set.path);
  if (!loaded.ok) {
    console.error(`eval:scorer: ${loaded.error}`);
    process.exit(2);
  }
  const title = `lead scorer on ${set.name}${set.note ? ` (${set.note})` : ""}, ${intentSource}`;
  console.log(evaluateDevSet(loaded.rows, title, { classify }, loaded.problems).report);
}
