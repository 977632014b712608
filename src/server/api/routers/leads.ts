import { z } from "zod";
import { leadStatusInput, listLeads, setLeadStatus } from "../../leads/leads";
import { retrainScorer } from "../../leads/retrain-scorer";
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
  retrainScorer: adminProcedure.mutation(({ ctx }) => retrainScorer(ctx.workspaceId, ctx.userId)),
});
