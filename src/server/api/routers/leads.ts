import { z } from "zod";
import { leadStatusInput, listLeads, setLeadStatus } from "../../leads/leads";
import { retrainScorer } from "../../leads/retrain-scorer";
import { adminProcedure, agentProcedure, createTRPCRouter, viewerProcedure } from "../trpc";

export const leadsRouter = createTRPCRouter({
  list: viewerProcedure
    .input(z.object({ limit: z.number().int().min(1).max(500).default(100), tier: z.enum(["HOT", "WARM", "COLD"]).optional() }).default({ limit: 100 }))
    .query(({ ctx, input }) => ctx.tenant((tx) => listLeads(tx, input))),
  setStatus: agentProcedure.input(leadStatusInput).mutation(({ ctx, input }) => ctx.tenant((tx) => setLeadStatus(tx, ctx.workspaceId, ctx.userId, input))),
  retrainScorer: adminProcedure.mutation(({ ctx }) => retrainScorer(ctx.workspaceId, ctx.userId)),
});
