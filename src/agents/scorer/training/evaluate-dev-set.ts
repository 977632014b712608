import { classifyIntentLocal } from "@/agents/intent/classify-local";
import type { JsonlProblem } from "@/agents/training/read-jsonl";
import { devLeadInput, type DevLead } from "./dev-set";
import type { LogisticModel } from "../logistic-model";
import { scoreLead } from "../score-lead";
import { computeTierAgreement, formatTierAgreement, type TierAgreement } from "./tier-agreement";
import type { ScoreResult, Tier } from "../types";

export type DevSetOptions = {
  /** Re-classify each text with the local intent classifier instead of using the row's intent. */
  classify?: boolean;
  model?: LogisticModel;
};
export type Miss = { id: string; gold: Tier; result: ScoreResult; intent: string; text: string };
export type DevSetEvaluation = { metrics: TierAgreement; misses: Miss[]; report: string };

/** Scores every row and compares the tier with the salesperson's; hot<->cold misses are listed first. */
export function evaluateDevSet(rows: readonly DevLead[], title: string, opts: DevSetOptions = {}, problems: JsonlProblem[] = []): DevSetEvaluation {
  const scored = rows.map((row) => {
    const given = devLeadInput(row);
    const classified = opts.classify ? classifyIntentLocal(row.text) : undefined;
    const input = classified ? { ...given, intent: classified.intent, confidence: classified.confidence } : given;
    return { row, input, result: scoreLead(input, opts.model) };
  });
  const metrics = computeTierAgreement(rows.map((r) => r.tier), scored.map((s) => s.result.tier));
  const severity = (m: Miss) => (Math.abs(rank(m.gold) - rank(m.result.tier)) === 2 ? 0 : 1);
  const misses = scored
    .filter((s) => s.result.tier !== s.row.tier)
    .map((s): Miss => ({ id: s.row.id, gold: s.row.tier, result: s.result, intent: s.input.intent, text: s.row.text }))
    .sort((a, b) => severity(a) - severity(b));
  const report = [
    ...problems.map((p) => `skipped line ${p.line}: ${p.message}`),
    ...(problems.length > 0 ? [""] : []),
    formatTierAgreement(metrics, title),
    "",
    `  misses (${misses.length}; salesperson -> scorer, score, intent, reason)`,
    ...misses.map(
      (m) =>
        `  ${severity(m) === 0 ? "!!" : "  "} ${m.id.padEnd(5)} ${m.gold} -> ${m.result.tier} ${String(m.result.score).padStart(3)}` +
        `  ${m.intent.padEnd(7)} ${JSON.stringify(truncate(m.text, 70))}  [${m.result.reason}]`,
    ),
    ...(problems.length > 0 ? ["", `  ${problems.length} bad line(s) skipped`] : []),
  ].join("\n");
  return { metrics, misses, report };
}

const rank = (tier: Tier) => ({ hot: 0, warm: 1, cold: 2 })[tier];
const truncate = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
