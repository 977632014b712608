import { z } from "zod";
import { adminProcedure, createTRPCRouter } from "../trpc";

export const auditRouter = createTRPCRouter({
  list: adminProcedure
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50), before: z.date().optional() }).default({ limit: 50 }))
    .query(({ ctx, input }) =>
      ctx.tenant((tx) =>
        tx.auditLog.findMany({
          where: { workspaceId: ctx.workspaceId, ...(input.before ? { createdAt: { lt: input.before } } : {}) },
          orderBy: { createdAt: "desc" },
          take: input.limit,
          select: { id: true, actorType: true, actorId: true, action: true, targetType: true, targetId: true, metadata: true, createdAt: true },
        }),
      ),
    ),
});
