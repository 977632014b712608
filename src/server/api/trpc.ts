import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError, z } from "zod";
import type { Role } from "@/generated/prisma/client";
import { withTenant, withUser, type Tx } from "../db/tenant";
import { AppError, toTrpcCode } from "../errors/app-error";
import { logger } from "../logger";
import { rateLimiter } from "../runtime/ports";
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

/** AppErrors thrown by services become tRPC errors with the mapped code; the rest are logged. */
const translateErrors = t.middleware(async ({ next, path }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof AppError) throw new TRPCError({ code: toTrpcCode(cause.code), message: cause.message, cause });
    if (result.error.code === "INTERNAL_SERVER_ERROR") {
      logger.error({ path, err: { type: cause?.name, message: cause?.message } }, "trpc procedure failed");
    }
  }
  return result;
});

export const publicProcedure = t.procedure.use(translateErrors);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.userId) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  return next({ ctx: { ...ctx, userId: ctx.userId } });
});

const RANK: Record<Role, number> = { VIEWER: 1, AGENT: 2, ADMIN: 3 };

/**
 * Procedures that act inside a workspace: checks membership and role, applies the per-tenant
 * API rate limit, and hands the resolver `ctx.tenant(fn)`, a transaction scoped by RLS.
 */
function workspaceProcedure(minRole: Role) {
  return authedProcedure.use(async ({ ctx, next }) => {
    const workspaceId = ctx.workspaceId;
    if (!workspaceId) throw new TRPCError({ code: "BAD_REQUEST", message: "Choose a workspace first." });
    const membership = await withUser(ctx.userId, (tx) =>
      tx.membership.findFirst({ where: { workspaceId, userId: ctx.userId }, select: { role: true } }),
    );
    if (!membership) throw new TRPCError({ code: "NOT_FOUND", message: "Workspace not found." });
    if (RANK[membership.role] < RANK[minRole]) {
      throw new TRPCError({ code: "FORBIDDEN", message: `This action needs the ${minRole.toLowerCase()} role.` });
    }
    const limit = await rateLimiter().limit("api", workspaceId);
    if (!limit.success) throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: "Too many requests for this workspace. Try again shortly." });
    const scope = { workspaceId, userId: ctx.userId };
    return next({
      ctx: { ...ctx, workspaceId, role: membership.role, tenant: <T>(fn: (tx: Tx) => Promise<T>) => withTenant(scope, fn) },
    });
  });
}

export const viewerProcedure = workspaceProcedure("VIEWER");
export const agentProcedure = workspaceProcedure("AGENT");
export const adminProcedure = workspaceProcedure("ADMIN");
