import { z } from "zod";
import { classifyIntent } from "../../src/agents/intent/classify-intent";
import { classifyIntentLocal } from "../../src/agents/intent/classify-local";
import type { Intent } from "../../src/agents/intent/schema";
import type { CliContext } from "./cli-context";
import { anonymiseLine, andThen, baseLineShape, round4 } from "./line-fields";
import type { LineCommand } from "./run-json-lines";

export const classifyLineSchema = z.object({
  id: baseLineShape.id,
  text: baseLineShape.text,
  name: baseLineShape.name,
  handle: baseLineShape.handle,
});

type IntentAnswer = { intent: Intent; confidence: number };

/**
 * The intent of already-anonymised text: synchronously with the built-in model when the chain
 * is local only (no promise per line on large files), through the agent's chain otherwise.
 */
export function classifyText(ctx: CliContext, anonymisedText: string): IntentAnswer | Promise<IntentAnswer> {
  if (ctx.localOnly("intent")) {
    ctx.countLocal("intent");
    const { intent, confidence } = classifyIntentLocal(anonymisedText);
    return { intent, confidence };
  }
  return classifyIntent(anonymisedText, ctx.deps("intent")).then(({ intent, confidence }) => ({ intent, confidence }));
}

/** `classify`: {"id","text"} -> {"id","intent","confidence"}. */
export function classifyCommand(ctx: CliContext): LineCommand<z.infer<typeof classifyLineSchema>> {
  return {
    schema: classifyLineSchema,
    run: (row) =>
      andThen(classifyText(ctx, anonymiseLine(row).text), ({ intent, confidence }) => ({ id: row.id, intent, confidence: round4(confidence) })),
  };
}
