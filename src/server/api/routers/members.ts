import { z } from "zod";
import { changeMemberRole, changeRoleInput, listMembers, removeMember } from "../../members/members";
import { adminProcedure, createTRPCRouter, viewerProcedure } from "../trpc";

export const membersRouter = createTRPCRouter({
  list: viewerProcedure.query(({ ctx }) => ctx.tenant((tx) => listMembers(tx, ctx.workspaceId))),
  changeRole: adminProcedure
    .input(changeRoleInput)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => changeMemberRole(tx, ctx.workspaceId, ctx.userId, input))),
  remove: adminProcedure
    .input(z.object({ membershipId: z.string().min(1) }))
    .mutation(({ ctx, input }) => ctx.tenant((tx) => removeMember(tx, ctx.workspaceId, ctx.userId, input.membershipId))),
});
