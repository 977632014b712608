import { TRPCError } from "@trpc/server";
import { confirmEmail, confirmEmailInput } from "../../accounts/confirm-email";
import { describeAccount } from "../../accounts/describe-account";
import { resendConfirmation, resendConfirmationInput } from "../../accounts/resend-confirmation";
import { signUp, signUpInput } from "../../accounts/sign-up";
import { ssoLinkCookie, startSsoLink } from "../../accounts/sso-link";
import { blindIndex } from "../../infra/crypto/field-crypto";
import { env } from "../../infra/env/load-env";
import type { PolicyName } from "../../infra/ratelimit/policies";
import { rateLimiter } from "../../infra/runtime/ports";
import { authedProcedure, createTRPCRouter, publicProcedure } from "../trpc";

async function enforce(policy: PolicyName, key: string, message: string): Promise<void> {
  const limit = await rateLimiter().limit(policy, key);
  if (!limit.success) throw new TRPCError({ code: "TOO_MANY_REQUESTS", message });
}

const TOO_MANY_MAILS = "Too many emails to this address for now. Try again in an hour.";

export const accountRouter = createTRPCRouter({
  /** The same answer whether the address is new or taken (src/server/accounts/sign-up.ts). */
  signUp: publicProcedure.input(signUpInput).mutation(async ({ ctx, input }) => {
    await enforce("signup-ip", ctx.ip, "Too many sign-ups from this address. Try again later.");
    await enforce("account-mail", blindIndex(input.email), TOO_MANY_MAILS);
    return signUp(input);
  }),

  resendConfirmation: publicProcedure.input(resendConfirmationInput).mutation(async ({ ctx, input }) => {
    await enforce("signup-ip", ctx.ip, "Too many requests from this address. Try again later.");
    await enforce("account-mail", blindIndex(input.email), TOO_MANY_MAILS);
    return resendConfirmation(input);
  }),

  confirmEmail: publicProcedure.input(confirmEmailInput).mutation(async ({ ctx, input }) => {
    await enforce("login-ip", ctx.ip, "Too many attempts. Wait a few minutes and try again.");
    return confirmEmail(input);
  }),

  me: authedProcedure.query(({ ctx }) => describeAccount(ctx.userId)),

  /** Starts "link single sign-on": the next OIDC sign-in in this browser, within minutes, links to this user. */
  startSsoLink: authedProcedure.mutation(async ({ ctx }) => {
    if (!env().OIDC_ISSUER) throw new TRPCError({ code: "BAD_REQUEST", message: "Single sign-on is not configured on this server." });
    const { secret } = await startSsoLink(ctx.userId);
    ctx.resHeaders.append("set-cookie", ssoLinkCookie(secret));
    return { started: true as const };
  }),
});
