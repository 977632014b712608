import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { withPublicRoute } from "@/server/access/with-public-route";
import { createTrpcContext } from "@/server/api/context";
import { appRouter } from "@/server/api/root";
import { BODY_LIMITS } from "@/server/infra/http/body-limits";
import { withLimitedBody } from "@/server/infra/http/read-body-limited";

export const dynamic = "force-dynamic";

const handler = withPublicRoute(
  { route: "trpc", reason: "tRPC dispatcher: every workspace procedure resolves the actor through resolveActor in the procedure builders." },
  // The adapter reads the body itself: hand it a copy whose body was read within the limit.
  async (req) => fetchRequestHandler({ endpoint: "/api/trpc", req: await withLimitedBody(req, BODY_LIMITS.trpc), router: appRouter, createContext: createTrpcContext }),
);

export { handler as GET, handler as POST };
