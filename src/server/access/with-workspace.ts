import "server-only";
import { routeErrorResponse } from "./route-error-response";
import { resolveActor, type Actor, type ActorRequirements } from "./resolve-actor";
import { markRoute, type RouteHandler } from "./route-marker";

/**
 * Route handlers that act inside a workspace: resolves the actor (same origin for a
 * state-changing method, session, workspace, membership, minimum role, per-tenant rate limit)
 * before `handler` runs, and translates any AppError thrown by either into the app's one HTTP
 * error shape.
 */
export function withWorkspace<C = void>(
  requirements: ActorRequirements & { route: string },
  handler: (req: Request, actor: Actor, ctx: C) => Promise<Response>,
): RouteHandler<C> {
  const { route, ...needs } = requirements;
  return markRoute<C>(
    async (req, ctx) => {
      try {
        const actor = await resolveActor({ headers: req.headers, method: req.method }, needs);
        return await handler(req, actor, ctx);
      } catch (error) {
        return routeErrorResponse(error, { route });
      }
    },
    { kind: "workspace", minRole: needs.minRole, rateLimit: needs.rateLimit },
  );
}
