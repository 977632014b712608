import { changePassword, changePasswordInput } from "../../sessions/change-password";
import { reissueSessionCookie } from "../../sessions/reissue-session-cookie";
import { signOutEverywhere } from "../../sessions/sign-out-everywhere";
import { authedProcedure, createTRPCRouter } from "../trpc";

/** The signed-in user's own sessions: change the password, sign out everywhere. */
export const sessionsRouter = createTRPCRouter({
  changePassword: authedProcedure.input(changePasswordInput).mutation(async ({ ctx, input }) => {
    const { sessionVersion } = await changePassword(ctx.userId, input);
    ctx.resHeaders.append("set-cookie", await reissueSessionCookie(ctx.userId, sessionVersion));
    return { ok: true as const };
  }),
  signOutEverywhere: authedProcedure.mutation(async ({ ctx }) => {
    await signOutEverywhere(ctx.userId);
    return { ok: true as const };
  }),
});
