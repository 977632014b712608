import "server-only";
/**
 * Every exported route handler carries this marker, set only by `withWorkspace` or
 * `withPublicRoute`; a test walks src/app/api and fails on a handler without it.
 */
export const ROUTE_ACCESS = Symbol.for("leadline.routeAccess");

export type RouteAccess = { kind: "workspace"; minRole: string; rateLimit: string | false } | { kind: "public"; reason: string };

/** A route handler; `C` is Next's second argument (`{ params }`), `void` for routes without params. */
export type RouteHandler<C> = ([C] extends [void] ? (req: Request) => Promise<Response> : (req: Request, ctx: C) => Promise<Response>) & {
  readonly [ROUTE_ACCESS]?: RouteAccess;
};

export function markRoute<C>(handler: (req: Request, ctx: C) => Promise<Response>, access: RouteAccess): RouteHandler<C> {
  Object.defineProperty(handler, ROUTE_ACCESS, { value: Object.freeze(access), enumerable: false });
  // A handler of (req, ctx) also serves routes whose ctx is void: Next always passes one.
  return handler as RouteHandler<C>;
}

export function routeAccessOf(value: unknown): RouteAccess | undefined {
  if (typeof value !== "function") return undefined;
  return (value as { [ROUTE_ACCESS]?: RouteAccess })[ROUTE_ACCESS];
}
