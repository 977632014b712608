import { z } from "zod";
import { AGENT_INTENTS } from "@/shared/vocabulary";

/** The four intents a message to a business page can carry. Order is the model's class order. */
export const INTENTS = AGENT_INTENTS;

export const intentSchema = z.enum(INTENTS);
export type Intent = z.infer<typeof intentSchema>;

/** The shape an LLM is forced to answer with. */
export const intentResultSchema = z.object({
  intent: intentSchema,
  confidence: z.number().min(0).max(1),
});

/** What a classifier returns: the winning intent, its probability and every class's probability. */
export type IntentResult = z.infer<typeof intentResultSchema> & {
  scores: Record<Intent, number>;
};

/** One labelled example, as read from a `.jsonl` line. */
export const labelledTextSchema = z.object({
  text: z.string(),
  label: intentSchema,
});
export type LabelledText = z.infer<typeof labelledTextSchema>;
