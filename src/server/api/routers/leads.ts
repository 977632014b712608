import { z } from "zod";
import { leadStatusInput, listLeads, setLeadStatus } from "../../leads/leads";
import { lastScorerTraining, queueScorerRetraining } from "../../leads/retrain-scorer";
import { adminProcedure, agentProcedure, createTRPCRouter, viewerProcedure } from "../trpc";
import { TIERS } from "@/shared/vocabulary";

export const leadsRouter = createTRPCRouter({
  list: viewerProcedure
    .input(z.object({ limit: z.number().int().min(1).max(500).default(100), tier: z.enum(TIERS).optional() }).default({ limit: 100 }))
    .query(({ ctx, input }) => ctx.tenant((tx) => listLeads(tx, ctx.workspaceId, input))),
  setStatus: agentProcedure.input(leadStatusInput).mutation(async ({ ctx, input }) => {
    await ctx.tenant(async (tx, outbox) => {
      await setLeadStatus(tx, ctx.workspaceId, ctx.userId, input);
      outbox.event({ type: "lead.updated", leadId: input.leadId });
    });
  }),
  /** Queues the background retraining (the `retrain-scorer` job); the result shows in `scorerStatus`. */
  retrainScorer: adminProcedure.mutation(({ ctx }) => ctx.tenant(async (_tx, outbox) => queueScorerRetraining(outbox, ctx.workspaceId, ctx.userId))),
  /** The workspace's last training (null: the built-in model still scores). */
  scorerStatus: viewerProcedure.query(({ ctx }) => ctx.tenant((tx) => lastScorerTraining(tx, ctx.workspaceId))),
});
