import "server-only";
import { routeErrorResponse } from "./route-error-response";
import { markRoute, type RouteHandler } from "./route-marker";

/**
 * Route handlers that are reachable without a workspace session on purpose. Each declares why
 * (a platform signature, the QStash signature, next-auth itself, a health probe, a dispatcher
 * whose procedures resolve the actor themselves) so a reviewer sees the exception; errors
 * still leave in the one HTTP error shape.
 */
export function withPublicRoute<C = void>(
  declaration: { route: string; reason: string },
  handler: (req: Request, ctx: C) => Promise<Response>,
): RouteHandler<C> {
  if (declaration.reason.trim().length < 10) throw new TypeError(`Public route ${declaration.route} must say why it is public`);
  return markRoute<C>(
    async (req, ctx) => {
      try {
        return await handler(req, ctx);
      } catch (error) {
        return routeErrorResponse(error, { route: declaration.route });
      }
    },
    { kind: "public", reason: declaration.reason },
  );
}
