import { z } from "zod";
import { rehydrateReply } from "@/shared/privacy/rehydrate";
import { intentSchema } from "../../src/agents/intent/schema";
import { generateReply } from "../../src/agents/reply/generate-reply";
import type { CliContext } from "./cli-context";
import { classifyText } from "./classify-command";
import { anonymiseLine, andThen, baseLineShape } from "./line-fields";
import { rankKnowledge } from "./rank-knowledge";
import type { LineCommand } from "./run-json-lines";

export const replyLineSchema = z.object({
  ...baseLineShape,
  intent: intentSchema.optional(),
  /** "dm" (default) or "comment": sets the platform's length limit and which details may be echoed. */
  surface: z.enum(["dm", "comment"]).default("dm"),
  knowledge: z
    .array(z.object({ id: z.union([z.string().min(1).max(200), z.number()]).transform(String), title: z.string().max(500), body: z.string().max(50_000) }))
    .max(500),
  tone: z.object({ companyName: z.string().max(200).default(""), guidelines: z.string().max(5_000).default("") }).optional(),
});

type ReplyLine = z.infer<typeof replyLineSchema>;

/**
 * `reply`: a message and the knowledge base inline -> {"id","reply","handoff","flags"}. The
 * message is anonymised for the model and the reply re-hydrated under the same PII policy as
 * the pipeline (the customer's name may come back; their email, phone or links never do).
 */
export function replyCommand(ctx: CliContext): LineCommand<ReplyLine> {
  return {
    schema: replyLineSchema,
    run: (row) => {
      const anonymised = anonymiseLine(row);
      const intent = row.intent ?? andThen(classifyText(ctx, anonymised.text), (i) => i.intent);
      return andThen(intent, async (resolved) => {
        const { reply } = await generateReply(
          {
            message: anonymised.text,
            intent: resolved,
            platform: row.platform,
            knowledge: rankKnowledge(anonymised.text, row.knowledge),
            tone: { companyName: row.tone?.companyName ?? "", guidelines: row.tone?.guidelines ?? "" },
          },
          { surface: row.surface === "dm" ? "DM" : "COMMENT" },
          ctx.deps("reply"),
        );
        const visibility = row.surface === "dm" ? "private" : "public";
        return { id: row.id, reply: rehydrateReply(reply.text, anonymised.mapping, visibility), handoff: reply.handoff, flags: reply.flags };
      });
    },
  };
}
