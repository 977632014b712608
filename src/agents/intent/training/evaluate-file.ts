import { existsSync, readFileSync } from "node:fs";
import { expectedCalibrationError } from "./calibrate";
import { classifyIntentLocal } from "../classify-local";
import { computeMetrics, formatMetrics, type IntentMetrics } from "./metrics";
import { parseJsonl, type JsonlProblem } from "../../training/read-jsonl";
import { INTENTS, labelledTextSchema, type LabelledText } from "../schema";

export type FileEvaluation =
  | { ok: true; metrics: IntentMetrics; ece: number; problems: JsonlProblem[]; report: string }
  | { ok: false; error: string };

/** Scores a `{"text","label"}` JSONL file with the local classifier; bad lines are listed and skipped. */
export function evaluateFile(path: string): FileEvaluation {
  if (!existsSync(path)) return { ok: false, error: `file not found: ${path}` };
  const { rows, problems } = parseJsonl(readFileSync(path, "utf8"), labelledTextSchema);
  if (rows.length === 0) return { ok: false, error: `no valid {"text","label"} lines in ${path} (${problems.length} bad)` };
  const evaluation = evaluateRows(rows, `local intent classifier on ${path}`, problems);
  return { ok: true, ...evaluation };
}

/** Metrics of the local classifier on labelled texts, with a printable report. */
export function evaluateRows(rows: readonly LabelledText[], title: string, problems: JsonlProblem[] = []) {
  const results = rows.map((row) => classifyIntentLocal(row.text));
  const metrics = computeMetrics(rows.map((r) => r.label), results.map((r) => r.intent));
  const ece = expectedCalibrationError(
    results.map((r) => INTENTS.map((c) => r.scores[c])),
    rows.map((r) => INTENTS.indexOf(r.label)),
  );
  const report = [
    ...problems.map((p) => `skipped line ${p.line}: ${p.message}`),
    ...(problems.length > 0 ? [""] : []),
    formatMetrics(metrics, title),
    "",
    `  expected calibration error ${ece.toFixed(4)}; ${problems.length} bad line(s) skipped`,
  ].join("\n");
  return { metrics, ece, problems, report };
}
