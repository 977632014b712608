import { formatModelRef } from "../../src/agents/llm/model-spec";
import type { Agent } from "./answer-agents";
import type { StreamStats } from "./stream-stats";
import { LOCAL_AGREEMENT, type Figures, type Summary } from "./summarise";

export type ReportContext = {
  seed: number;
  speedup: number;
  llmLatencyMs: number;
  chains: Record<Agent, string>;
  stream: StreamStats;
  replaySeconds: number;
  /** From the last webhook accepted to the pipeline drained. */
  drainSeconds: number;
  rejected: number;
  /** Stored messages the pipeline had not finished when the wait timed out. */
  unfinished: number;
};

const int = (v: number) => Math.round(v).toLocaleString("en-US");
/** A count per 1,000 messages: whole when it is, one decimal otherwise. */
const count = (v: number) => (Math.abs(v - Math.round(v)) < 0.05 ? int(v) : v.toFixed(1));
const usd = (v: number | null) => (v === null ? "-" : `$${v.toFixed(4)}`);
const percent = (v: number | null) => (v === null ? "-" : `${(v * 100).toFixed(1)}%`);
const orDash = (v: number | null, f: (v: number) => string) => (v === null ? "-" : f(v));

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ")).join("\n");
}

function list(entries: ReadonlyArray<readonly [string, number]>): string {
  return entries.map(([k, v]) => `${k} ${int(v)}`).join(", ");
}

/** The report, every figure per 1,000 inbound messages (scaled from the run's own count). */
export function formatReport(s: Summary, ctx: ReportContext): string {
  const k = s.messages > 0 ? 1_000 / s.messages : 0;
  const columns: Array<{ name: string; f: Figures }> = [...s.agents.map((a) => ({ name: a.agent, f: a as Figures })), { name: "total", f: s.total }];
  const row = (label: string, cell: (f: Figures, i: number) => string) => [label, ...columns.map((c, i) => cell(c.f, i))];
  const app = (pick: (a: Summary["agents"][number]["app"]) => number) => (_f: Figures, i: number) =>
    count(k * (i < s.agents.length ? pick(s.agents[i]!.app) : s.agents.reduce((sum, a) => sum + pick(a.app), 0)));
  const st = ctx.stream;

  const perAgent = (pick: (a: Summary["agents"][number]) => number) => s.agents.map((a) => `${a.agent} ${count(k * pick(a))}`).join(", ");
  const na = s.replyNotAsked;
  const replySkipped = na.spam + na.other + na.lowConfidence + na.noArticle + na.unexplained;
  const cacheHits = s.agents.map((a) => [a.agent, a.app.cacheHits] as const).filter(([, n]) => n > 0);
  const local = s.agents.flatMap((a) => Object.entries(a.app.localByReason).map(([reason, n]) => `${a.agent} ${count(k * n)} (${reason})`));
  const fallbacks = s.agents.filter((a) => a.app.fallbacks > 0).map((a) => `${a.agent} ${count(k * a.app.fallbacks)}`);
  const cc = s.crossCheck;
  const allCacheHits = s.agents.reduce((sum, a) => sum + a.app.cacheHits, 0);
  const usageNote = cc.usage.calls !== cc.appLlmRuns && cc.usage.calls === cc.appLlmRuns + allCacheHits ? ` (it counts the ${int(allCacheHits)} cache hits as calls)` : "";

  return [
    `Leadline LLM cost benchmark: ${int(s.messages)} inbound messages (seed ${ctx.seed}) through the real pipeline (signed Demo-channel webhooks -> queue -> agents -> records), local PostgreSQL.`,
    `Models: ${s.agents.map((a) => `${a.agent} "${ctx.chains[a.agent]}"`).join("; ")}. Every LLM call is HTTP to a local fake OpenAI server (Responses API) answering after ${ctx.llmLatencyMs} ms.`,
    `Stream: ${int(st.messages)} messages from ${int(st.contacts)} contacts over ${st.spanMinutes.toFixed(0)} simulated minutes, replayed ${ctx.speedup}x faster (${ctx.replaySeconds.toFixed(1)} s).`,
    `  by intent: ${list(Object.entries(st.byKind))}; by language: ${list(Object.entries(st.byLang))}`,
    `  threads ${st.threads} (${st.threadLengths.min}-${st.threadLengths.max} messages, ${int(st.byPattern.thread)} in all); spam bursts ${st.bursts} (${int(st.byPattern.burst)} messages); ` +
      `word-for-word duplicates ${int(st.byPattern.duplicate)} (${st.duplicateTexts} texts); FAQs ${int(st.byPattern.faq)} (${st.faq.questions} questions: ${st.faq.verbatim} verbatim, ${st.faq.reworded} reworded); ordinary mix ${int(st.byPattern.mix)}.`,
    `  ${int(st.exactRepeats)} messages repeat an earlier message's text exactly.`,
    `Pipeline: ${int(s.processed)} processed, ${int(s.failed)} failed, ${int(ctx.unfinished)} unfinished, ${int(ctx.rejected)} webhooks rejected; drained ${ctx.drainSeconds.toFixed(1)} s after the last webhook.`,
    "",
    "Per 1,000 inbound messages",
    table([
      ["", ...columns.map((c) => c.name)],
      ["model priced", ...s.agents.map((a) => (a.model ? formatModelRef(a.model) : "local")), ""],
      row("LLM calls (fake: requests answered)", (f) => count(k * f.calls)),
      row("LLM calls (app: agent_runs by an LLM)", app((a) => a.llmRuns)),
      row("naive calls (1 per agent per message)", (f) => count(k * f.naiveCalls)),
      row("calls, actual / naive", (f) => percent(f.naiveCalls ? f.calls / f.naiveCalls : null)),
      row("input tokens", (f) => int(k * f.inputTokens)),
      row("output tokens", (f) => int(k * f.outputTokens)),
      row("naive input tokens (est.)", (f) => orDash(f.naiveInputTokens, (v) => int(k * v))),
      row("naive output tokens (est.)", (f) => orDash(f.naiveOutputTokens, (v) => int(k * v))),
      row("cost, USD", (f) => usd(k * f.costUsd)),
      row("naive cost, USD (est.)", (f) => usd(f.naiveCostUsd === null ? null : k * f.naiveCostUsd)),
      row("cost, actual / naive", (f) => percent(f.naiveCostUsd ? f.costUsd / f.naiveCostUsd : null)),
    ]),
    "naive tokens = naive calls x the average input/output tokens per call measured for that agent; cost = tokens at src/agents/llm/pricing.ts list prices.",
    "",
    `Target: LLM calls <= ${percent(s.target)} of naive. Measured ${percent(s.ratio.calls)}: ${s.met ? "MET" : "MISSED"} (tokens ${percent(s.ratio.tokens)}, cost ${percent(s.ratio.cost)} of naive).`,
    "",
    "Why calls were not made (per 1,000 messages, from agent_runs, messages and replies):",
    `  reply not asked for ${count(k * replySkipped)} messages: intent spam ${count(k * na.spam)}, intent other ${count(k * na.other)}, ` +
      `sales/support under the confidence floor ${count(k * na.lowConfidence)}, no relevant article (hand-off written without a model) ${count(k * na.noArticle)}` +
      (na.unexplained > 0 ? `, not explained by the records ${count(k * na.unexplained)}` : ""),
    `  served from the cache: ${cacheHits.length > 0 ? cacheHits.map(([a, n]) => `${a} ${count(k * n)}`).join(", ") : "none"}`,
    `  local model chosen instead of an LLM: ${local.length > 0 ? local.join(", ") : "none"}`,
    `  local model after every LLM failed or the budget said no: ${fallbacks.length > 0 ? fallbacks.join(", ") : "none"}`,
    "Calls made that a cheaper path could have avoided (per 1,000 messages):",
    `  same prompt again while the first was still being answered (no in-flight sharing): ${perAgent((a) => a.repeatsInFlight)}`,
    `  same prompt again after the fake's delay for the first had passed, not served from the cache: ${perAgent((a) => a.repeatsAfterAnswer)}`,
    `  scorer LLM calls on messages classified spam, whose answer the scorer replaces with its rules-based baseline: ${count(k * s.scorerLlmOnSpam)}`,
    `  intent LLM calls where the local classifier gave the same intent at least ${LOCAL_AGREEMENT} probability: ${count(k * s.intentLlmLocalAgreed)}`,
    `  intent LLM calls on a message that differed from an earlier one only in case, punctuation, digits or emoji: ${count(k * s.intentSameWords)}`,
    "  (these overlap: one call can be in several lines)",
    "",
    `The fake answered ${percent(s.agents[0]!.calls ? s.intentLabelled / s.agents[0]!.calls : null)} of intent requests with the stream's own label, the rest by keyword rules.`,
    `Cross-check (whole run): the fake answered ${int(cc.fakeRequests)} agent requests (${int(cc.unknown)} unrecognised, ${int(cc.refused)} refused); ` +
      `agent_runs hold ${int(cc.appLlmRuns)} LLM-answered runs; usage_records: ${int(cc.usage.calls)} calls${usageNote}, ${int(cc.usage.inputTokens)} input + ${int(cc.usage.outputTokens)} output tokens, ${usd(cc.usage.costUsd)}.`,
  ].join("\n");
}
