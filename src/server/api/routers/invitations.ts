import { z } from "zod";
import { acceptInvitation } from "../../invitations/accept-invitation";
import { createInvitation, createInvitationInput } from "../../invitations/create-invitation";
import { sendInvitationMail } from "../../invitations/send-invitation-mail";
import { listPendingInvitations, revokeInvitation } from "../../invitations/list-invitations";
import { adminProcedure, authedProcedure, createTRPCRouter } from "../trpc";

export const invitationsRouter = createTRPCRouter({
  list: adminProcedure.query(({ ctx }) => ctx.tenant((tx) => listPendingInvitations(tx, ctx.workspaceId))),
  create: adminProcedure
    .input(createInvitationInput)
    .mutation(async ({ ctx, input }) => {
      const invitation = await ctx.tenant((tx) => createInvitation(tx, ctx.workspaceId, ctx.userId, input));
      // After the commit: the mail carries the accept link (never logged); a failed mail leaves the link to copy.
      return { ...invitation, mail: await sendInvitationMail(ctx.workspaceId, input.email, invitation) };
    }),
  revoke: adminProcedure
    .input(z.object({ invitationId: z.string().min(1) }))
    .mutation(({ ctx, input }) => ctx.tenant((tx) => revokeInvitation(tx, ctx.workspaceId, ctx.userId, input.invitationId))),
  accept: authedProcedure
    .input(z.object({ token: z.string().min(1).max(200) }))
    .mutation(({ ctx, input }) => acceptInvitation(ctx.userId, input.token)),
});
