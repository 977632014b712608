import "server-only";
import { z } from "zod";
import type { Role } from "@/generated/prisma/client";
import { getSessionUserId } from "../auth/get-session-user";
import { readCookie, WORKSPACE_COOKIE } from "../auth/session-cookie";
import { withUser, type Tx } from "../infra/db/tenant";
import { appPublisher } from "../infra/outbox/app-publisher";
import type { OutboxWriter } from "../infra/outbox/outbox-entry";
import { withTenantOutbox } from "../infra/outbox/with-outbox";
import { AppError } from "../infra/errors/app-error";
import type { PolicyName } from "../infra/ratelimit/policies";
import { rateLimiter } from "../infra/runtime/ports";
import { hasRole } from "./access-rules";
import { assertSameOrigin } from "./check-request-origin";

/** An explicit workspace choice sent by clients; the cookie is the fallback. */
export const WORKSPACE_HEADER = "x-workspace-id";

/** Rate-limit policies keyed by tenant: the route classes an actor's request can belong to. */
export type TenantRateLimit = Extract<PolicyName, "api" | "ai" | "realtime">;

export type ActorRequirements = {
  minRole: Role;
  /** The per-tenant route class counted for this request, or false to skip counting (rare, say why). */
  rateLimit: TenantRateLimit | false;
};

export type Actor = {
  userId: string;
  workspaceId: string;
  role: Role;
  /**
   * Runs `fn` in a transaction scoped by row-level security to this workspace and user. Jobs and
   * realtime events recorded on `outbox` are written in that transaction and published after
   * it commits (docs/architecture.md#side-effects-after-commit).
   */
  tenant: <T>(fn: (tx: Tx, outbox: OutboxWriter) => Promise<T>) => Promise<T>;
};

const workspaceIdSchema = z.string().trim().min(1).max(100);

/** The workspace the request asks for (header, else cookie); membership is checked by `resolveActor`. */
export function requestedWorkspaceId(headers: Headers): string | null {
  const parsed = workspaceIdSchema.safeParse(headers.get(WORKSPACE_HEADER) ?? readCookie(headers.get("cookie"), WORKSPACE_COOKIE));
  return parsed.success ? parsed.data : null;
}

/**
 * Who is asking, for which workspace: read from the request unless the caller already did
 * (tRPC reads both once into its context; `null` means "known to be absent").
 */
export type ActorRequest = {
  headers?: Headers;
  /**
   * The HTTP method of a route handler's request: a state-changing one must come from the app's
   * own origin (`assertSameOrigin`). tRPC checks its mutations itself and passes none.
   */
  method?: string;
  userId?: string | null;
  workspaceId?: string | null;
};

/**
 * The one door to a workspace for every entry point (tRPC procedures and route handlers):
 * same-origin check of a state-changing request -> session user -> requested workspace ->
 * membership and role -> minimum role -> per-tenant rate limit. Throws AppError
 * (FORBIDDEN cross-site, UNAUTHENTICATED, BAD_REQUEST, NOT_FOUND, FORBIDDEN, RATE_LIMITED with
 * `retryAfterSeconds`); a membership elsewhere grants nothing here.
 */
export async function resolveActor(input: ActorRequest, req: ActorRequirements): Promise<Actor> {
  const headers = input.headers ?? new Headers();
  if (input.method !== undefined) assertSameOrigin({ method: input.method, headers });
  const userId = input.userId === undefined ? await getSessionUserId(headers) : input.userId;
  if (!userId) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  const workspaceId = input.workspaceId === undefined ? requestedWorkspaceId(headers) : workspaceIdSchema.safeParse(input.workspaceId).data;
  if (!workspaceId) throw new AppError("BAD_REQUEST", "Choose a workspace first.");

  const membership = await withUser(userId, (tx) => tx.membership.findFirst({ where: { workspaceId, userId }, select: { role: true } }));
  // Not a member and no such workspace answer alike, so ids cannot be probed.
  if (!membership) throw new AppError("NOT_FOUND", "Workspace not found.");
  if (!hasRole(membership.role, req.minRole)) {
    throw new AppError("FORBIDDEN", `This action needs the ${req.minRole.toLowerCase()} role.`);
  }

  if (req.rateLimit) {
    const limit = await rateLimiter().limit(req.rateLimit, workspaceId);
    if (!limit.success) {
      const retryAfterSeconds = Math.max(1, Math.ceil((limit.resetMs - Date.now()) / 1000));
      throw new AppError("RATE_LIMITED", "Too many requests for this workspace. Try again shortly.", { retryAfterSeconds });
    }
  }

  const scope = { workspaceId, userId };
  return { userId, workspaceId, role: membership.role, tenant: (fn) => withTenantOutbox(scope, appPublisher(), fn) };
}

/** `Retry-After` seconds carried by a RATE_LIMITED AppError, if any. */
export function retryAfterSeconds(error: unknown): number | null {
  if (!(error instanceof AppError) || error.code !== "RATE_LIMITED") return null;
  const value = error.details?.retryAfterSeconds;
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}
