import { findContactDetails } from "@/shared/privacy/find-contact-details";
import { urlCarriesIdentifier } from "@/shared/privacy/find-urls";
import { measureLength, type ReplySurface } from "@/shared/reply-limits";
import { findClaims, indexKnowledge } from "./find-claims";
import { numbersIn, unbackedFactClaims, type FactClaimKind } from "./find-fact-claims";
import { findMisattributedPrices } from "./find-misattributed-prices";
import { findUnknownEntities } from "./find-unknown-entities";
import { detectLanguage } from "./detect-language";
import { agentReplyLimit } from "./fit-to-platform";
import { handoffResult } from "./safe-handoff";
import type { KnowledgeSnippet, Platform, ReplyResult } from "./types";

export type ViolationKind = "price" | "link" | "date" | "promise" | FactClaimKind | "entity" | "pii" | "length" | "empty";
export type Violation = { kind: ViolationKind; detail: string };
export type GuardrailContext = {
  knowledge: KnowledgeSnippet[];
  customerMessage: string;
  platform: Platform;
  /** Where the reply goes; unknown -> the platform's strictest limit. */
  surface?: ReplySurface;
  /** The business's own name is never a claim ("Free Spirit Yoga" is not a promise). */
  companyName?: string;
};

const PII_LABEL = { EMAIL: "email address", PHONE: "phone number", CARD: "card number", HANDLE: "handle" } as const;

/**
 * Checks a drafted reply before it can be sent or suggested:
 * - every price/amount, link, date/time and promise must be backed by the retrieved knowledge,
 *   and so must every number, offer, policy absolute and availability claim (find-fact-claims.ts;
 *   a number the customer gave is theirs to repeat), and every name (find-unknown-entities.ts);
 * - no raw email, phone, card number or @handle unless it is in the knowledge (the business's
 *   own contact details); placeholders are fine, they are re-hydrated under the PII policy;
 * - within the platform's length limit, and not empty.
 * Details never contain personal data (they may be logged).
 */
export function checkReply(reply: string, ctx: GuardrailContext): { ok: boolean; violations: Violation[] } {
  const violations: Violation[] = [];
  if (reply.trim() === "") violations.push({ kind: "empty", detail: "reply is empty" });

  const knowledgeTexts = ctx.knowledge.flatMap((k) => [k.title, k.body]);
  const index = indexKnowledge(knowledgeTexts);
  const company = ctx.companyName?.trim();
  const claimText = company ? reply.split(company).join(" ".repeat(company.length)) : reply;
  const claims = findClaims(claimText);
  for (const claim of claims) {
    if (claim.isBackedBy(index)) continue;
    const personal = claim.kind === "link" && urlCarriesIdentifier(claim.value);
    const shown = personal ? "a link with a personal identifier" : `"${claim.value}"`;
    violations.push({ kind: claim.kind, detail: `${shown} is not in the retrieved knowledge` });
  }

  for (const value of findMisattributedPrices(claimText, ctx.knowledge)) {
    violations.push({ kind: "price", detail: `"${value}" belongs to something else in the retrieved knowledge` });
  }

  // What the checks above already judged (a price, a date, a promise, contact details) is not judged twice.
  const rest = blank(claimText, [...claims.map((c) => c.value), ...findContactDetails(claimText).map((d) => d.value)]);
  for (const claim of unbackedFactClaims(rest, knowledgeTexts.join("\n"), numbersIn(ctx.customerMessage))) {
    violations.push({ kind: claim.kind, detail: `"${claim.value}" is not in the retrieved knowledge` });
  }

  const sources = { knowledge: knowledgeTexts.join("\n"), message: ctx.customerMessage, companyName: company };
  // Names are compared word for word, so only within one language ("Estados Unidos" is not
  // "United States"): a reply in another language than its articles skips this check.
  const replyLanguage = detectLanguage(reply);
  const knowledgeLanguage = detectLanguage(sources.knowledge);
  const sameLanguageAsKnowledge = replyLanguage === null || knowledgeLanguage === null || replyLanguage === knowledgeLanguage;
  for (const name of sameLanguageAsKnowledge ? findUnknownEntities(rest, sources, replyLanguage) : []) {
    violations.push({ kind: "entity", detail: `"${name}" is not in the retrieved knowledge` });
  }

  const knowledgeText = knowledgeTexts.join("\n").toLowerCase();
  for (const span of findContactDetails(reply)) {
    if (knowledgeText.includes(span.value.toLowerCase())) continue;
    const echoed = ctx.customerMessage.toLowerCase().includes(span.value.toLowerCase());
    violations.push({
      kind: "pii",
      detail: `${echoed ? "repeats the customer's" : "contains a"} ${PII_LABEL[span.kind]}`,
    });
  }

  const limit = agentReplyLimit(ctx.platform, ctx.surface);
  const length = measureLength(reply, limit.unit);
  if (length > limit.max) {
    violations.push({ kind: "length", detail: `${length} > ${limit.max} (${limit.unit}) on ${ctx.platform}` });
  }
  return { ok: violations.length === 0, violations: dedupe(violations) };
}

/**
 * The reply if it passes `checkReply`, else the safe hand-off reply flagged for a human with
 * one `guardrail:<kind>` flag per kind of violation. A result that already is a hand-off is
 * returned as it is.
 */
export function applyGuardrails(result: ReplyResult, ctx: GuardrailContext): ReplyResult {
  if (result.handoff) return result;
  const { ok, violations } = checkReply(result.text, ctx);
  if (ok) return result;
  return handoffResult([...result.flags, ...violations.map((v) => `guardrail:${v.kind}`)]);
}

function blank(text: string, values: readonly string[]): string {
  let out = text;
  for (const value of values) if (value) out = out.split(value).join(" ".repeat(value.length));
  return out;
}

function dedupe(violations: Violation[]): Violation[] {
  const seen = new Set<string>();
  return violations.filter((v) => {
    const key = `${v.kind}|${v.detail}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
