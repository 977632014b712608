import { z } from "zod";
import { getLead } from "../../leads/get-lead";
import { leadListSchema } from "../../leads/lead-query";
import { leadStatusInput, setLeadStatus } from "../../leads/leads";
import { fetchLeadPage } from "../../leads/list-leads";
import { lastScorerTraining, queueScorerRetraining } from "../../leads/retrain-scorer";
import { adminProcedure, agentProcedure, createTRPCRouter, viewerProcedure } from "../trpc";

export const leadsRouter = createTRPCRouter({
  /**
   * One page of the leads table, filtered and sorted on the server (agents: the leads of the
   * conversations they see). Each row carries the `cursor` that continues after it.
   */
  list: viewerProcedure
    .input(leadListSchema.default({ sort: "score", dir: "desc", limit: 100 }))
    .query(({ ctx, input }) => ctx.tenant((tx) => fetchLeadPage(tx, { workspaceId: ctx.workspaceId, userId: ctx.userId, role: ctx.role }, input))),
  /** A lead's page: contact, current score and the score's history. */
  get: viewerProcedure
    .input(z.object({ leadId: z.string().trim().min(1).max(100) }))
    .query(({ ctx, input }) => ctx.tenant((tx) => getLead(tx, { workspaceId: ctx.workspaceId, userId: ctx.userId, role: ctx.role }, input.leadId))),
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
