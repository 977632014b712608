import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError, z } from "zod";
import type { Role } from "@/generated/prisma/client";
import { assertSameOrigin } from "../access/check-request-origin";
import { resolveActor, retryAfterSeconds } from "../access/resolve-actor";
import { AppError, toTrpcCode } from "../infra/errors/app-error";
import { logger } from "../infra/logger";
import type { TrpcContext } from "./context";

const t = initTRPC.context<TrpcContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    return {
      ...shape,
      message: internal ? "Something went wrong. Please try again." : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        appCode: error.cause instanceof AppError ? error.cause.code : undefined,
        fieldErrors: error.cause instanceof ZodError ? z.flattenError(error.cause).fieldErrors : undefined,
      },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * AppErrors thrown by services become tRPC errors with the mapped code (a RATE_LIMITED one also
 * sets `Retry-After`); the rest are logged.
 */
const translateErrors = t.middleware(async ({ ctx, next, path }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof AppError) {
      const retryAfter = retryAfterSeconds(cause);
      if (retryAfter !== null) ctx.resHeaders.set("retry-after", String(retryAfter));
      throw new TRPCError({ code: toTrpcCode(cause.code), message: cause.message, cause });
    }
    if (result.error.code === "INTERNAL_SERVER_ERROR") {
      logger.error({ path, err: { type: cause?.name, message: cause?.message } }, "trpc procedure failed");
    }
  }
  return result;
});

/**
 * Every mutation must come from the app's own origin (a cross-site form or fetch riding on the
 * session cookie is refused with 403), sign-up included; queries change nothing.
 */
const sameOriginMutations = t.middleware(({ ctx, type, next }) => {
  if (type === "mutation" && ctx.request) assertSameOrigin(ctx.request);
  return next();
});

export const publicProcedure = t.procedure.use(translateErrors).use(sameOriginMutations);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.userId) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  return next({ ctx: { ...ctx, userId: ctx.userId } });
});

/**
 * Procedures that act inside a workspace: the one actor resolver (src/server/access) checks
 * membership and role and applies the per-tenant API rate limit, and hands the resolver
 * `ctx.tenant(fn)`, a transaction scoped by RLS. Its AppErrors become tRPC errors in
 * `translateErrors`; a rate-limited call also gets `Retry-After`.
 */
function workspaceProcedure(minRole: Role) {
  return authedProcedure.use(async ({ ctx, next }) => {
    const actor = await resolveActor({ userId: ctx.userId, workspaceId: ctx.workspaceId }, { minRole, rateLimit: "api" }).catch((error: unknown) => {
      const retryAfter = retryAfterSeconds(error);
      if (retryAfter !== null) ctx.resHeaders.set("retry-after", String(retryAfter));
      throw error;
    });
    return next({ ctx: { ...ctx, workspaceId: actor.workspaceId, role: actor.role, tenant: actor.tenant } });
  });
}

export const viewerProcedure = workspaceProcedure("VIEWER");
export const agentProcedure = workspaceProcedure("AGENT");
export const adminProcedure = workspaceProcedure("ADMIN");
