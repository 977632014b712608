import { TRPCError } from "@trpc/server";
import { signUp, signUpInput } from "../../accounts/sign-up";
import { rateLimiter } from "../../infra/runtime/ports";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const accountRouter = createTRPCRouter({
  signUp: publicProcedure.input(signUpInput).mutation(async ({ ctx, input }) => {
    const limit = await rateLimiter().limit("signup-ip", ctx.ip);
    if (!limit.success) throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: "Too many sign-ups from this address. Try again later." });
    return signUp(input);
  }),
});
