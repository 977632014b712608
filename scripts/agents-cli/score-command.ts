import { z } from "zod";
import { intentSchema } from "../../src/agents/intent/schema";
import { scoreLead } from "../../src/agents/scorer/score-lead";
import { scoreLeadAgent } from "../../src/agents/scorer/score-lead-agent";
import type { ScoreInput, ScoreResult } from "../../src/agents/scorer/types";
import type { CliContext } from "./cli-context";
import { classifyText } from "./classify-command";
import { anonymiseLine, andThen, baseLineShape } from "./line-fields";
import type { LineCommand } from "./run-json-lines";

const count = z.number().int().min(0);
const days = z.number().min(0);

export const scoreLineSchema = z.object({
  ...baseLineShape,
  intent: intentSchema.optional(),
  confidence: z.number().min(0).max(1).optional(),
  followers: count.optional(),
  verified: z.boolean().optional(),
  previousMessages: count.default(0),
  daysSinceFirstContact: days.optional(),
  daysSinceLastContact: days.optional(),
  businessReplies: count.default(0),
  contactRepliesAfterBusiness: count.default(0),
});

type ScoreLine = z.infer<typeof scoreLineSchema>;

function scoreInput(row: ScoreLine, text: string, intent: ScoreInput["intent"], confidence: number): ScoreInput {
  return {
    intent, confidence, text, platform: row.platform,
    profile: { followers: row.followers, verified: row.verified },
    history: {
      previousMessages: row.previousMessages,
      daysSinceFirstContact: row.daysSinceFirstContact,
      daysSinceLastContact: row.daysSinceLastContact,
      businessReplies: row.businessReplies,
      contactRepliesAfterBusiness: row.contactRepliesAfterBusiness,
    },
  };
}

/** The lead score: the built-in rules + default model synchronously when local only, else the agent's chain. */
function scoreWith(ctx: CliContext, input: ScoreInput): ScoreResult | Promise<ScoreResult> {
  if (ctx.localOnly("scorer")) {
    ctx.countLocal("scorer");
    return scoreLead(input);
  }
  return scoreLeadAgent(input, undefined, ctx.deps("scorer")).then((r) => r.score);
}

/**
 * `score`: a message plus what is known of the sender -> {"id","tier","score","reason","tags"}.
 * The intent is classified first when the line has none; a given intent without a
 * confidence counts as certain (a human label).
 */
export function scoreCommand(ctx: CliContext): LineCommand<ScoreLine> {
  return {
    schema: scoreLineSchema,
    run: (row) => {
      const text = anonymiseLine(row).text;
      const intent = row.intent ? { intent: row.intent, confidence: row.confidence ?? 1 } : classifyText(ctx, text);
      return andThen(
        andThen(intent, (i) => scoreWith(ctx, scoreInput(row, text, i.intent, i.confidence))),
        (s) => ({ id: row.id, tier: s.tier, score: s.score, reason: s.reason, tags: s.tags }),
      );
    },
  };
}
