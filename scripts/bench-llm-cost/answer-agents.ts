import { fingerprint, guessKind } from "./label-index";
import type { Kind } from "./stream-types";

/** The three agents, and the reply's grounding verifier (asked about model replies only). */
export const AGENTS = ["intent", "reply", "scorer", "grounding"] as const;
export type Agent = (typeof AGENTS)[number];

/** The first words of each agent's system prompt (src/agents/{intent,reply,scorer}, reply/verify-grounding.ts). */
const MARKERS: ReadonlyArray<readonly [Agent, string]> = [
  ["intent", "You classify one message"],
  ["reply", "You write replies on behalf of"],
  ["scorer", "You score social-media leads"],
  ["grounding", "You check a customer-service reply for invented facts"],
];

/** Every string of a Responses (instructions, input) or Chat Completions (messages) request body, in order. */
export function promptTextOf(body: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === "string") out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  const b = (body ?? {}) as Record<string, unknown>;
  walk([b.instructions, b.input, b.messages]);
  return out.join("\n");
}

export function agentOf(promptText: string): Agent | null {
  return MARKERS.find(([, marker]) => promptText.includes(marker))?.[0] ?? null;
}

function lastMatch(text: string, pattern: RegExp): RegExpExecArray | null {
  let last: RegExpExecArray | null = null;
  for (const m of text.matchAll(pattern)) last = m as RegExpExecArray;
  return last;
}

const unescape = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");

/** The customer's message in an intent prompt (the system prompt's examples are wrapped the same way: it is the last one). */
export function intentMessageOf(prompt: string): string {
  return lastMatch(prompt, /<customer_message>\n([\s\S]*?)\n<\/customer_message>/g)?.[1] ?? "";
}

/** Intent: the stream's own label for the message when the fake recognises it, keyword rules otherwise. */
function answerIntent(prompt: string, labels: ReadonlyMap<string, Kind>) {
  const text = intentMessageOf(prompt);
  const known = labels.get(fingerprint(text));
  return { value: { intent: known ?? guessKind(text), confidence: known ? 0.92 : 0.7 }, fromLabel: known !== undefined };
}

type Baseline = { tier: "hot" | "warm" | "cold"; score: number; reason: string; tags: string[] };

/** Scorer: close to the rules-based baseline the prompt carries, as the prompt asks. */
function answerScorer(prompt: string) {
  const intent = /^Intent: (\w+)/m.exec(prompt)?.[1] ?? "other";
  let baseline: Partial<Baseline> = {};
  try {
    baseline = JSON.parse(/^Baseline: (.+)$/m.exec(prompt)?.[1] ?? "{}") as Partial<Baseline>;
  } catch {
    baseline = {};
  }
  const fallbackScore = intent === "sales" ? 55 : intent === "support" ? 30 : intent === "spam" ? 3 : 15;
  const score = Math.max(0, Math.min(100, Math.round(baseline.score ?? fallbackScore)));
  const tier = baseline.tier ?? (score >= 70 ? "hot" : score >= 40 ? "warm" : "cold");
  const reason = (baseline.reason && baseline.reason.length > 0 ? baseline.reason : `Message reads as ${intent}`).slice(0, 300);
  const tags = (Array.isArray(baseline.tags) ? baseline.tags : [intent]).filter((t) => typeof t === "string" && t.length > 0).map((t) => t.slice(0, 40)).slice(0, 12);
  return { value: { tier, score, reason, tags } };
}

/** Reply: the first sentence of the best-ranked article (the prompt lists them best first), citing it. */
function answerReply(prompt: string) {
  const article = /<article id="([^"]+)" title="[^"]*">\n([\s\S]*?)\n<\/article>/.exec(prompt);
  if (!article) return { value: { reply: "Thanks for your message! A member of the team will follow up shortly.", usedArticleIds: [], confident: false } };
  const sentence = unescape(article[2]!).split(/(?<=[.!?])\s/)[0]!.trim();
  return { value: { reply: `Thanks for reaching out! ${sentence} Let us know if there is anything else we can help with.`, usedArticleIds: [unescape(article[1]!)], confident: true } };
}

/** A valid, plausible answer for the agent's schema (intentResultSchema, replyOutputSchema, scoreOutputSchema). */
export function answerFor(agent: Agent, prompt: string, labels: ReadonlyMap<string, Kind>): { value: unknown; fromLabel?: boolean } {
  switch (agent) {
    case "intent":
      return answerIntent(prompt, labels);
    case "scorer":
      return answerScorer(prompt);
    case "reply":
      return answerReply(prompt);
    case "grounding":
      // The fake's replies quote an article's first sentence: supported.
      return { value: { unsupported: [] } };
  }
}
