import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { withPublicRoute } from "@/server/access/with-public-route";
import { createTrpcContext } from "@/server/api/context";
import { appRouter } from "@/server/api/root";

export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 1_000_000;

const handler = withPublicRoute(
  { route: "trpc", reason: "tRPC dispatcher: every workspace procedure resolves the actor through resolveActor in the procedure builders." },
  async (req) => {
    const length = Number(req.headers.get("content-length") ?? 0);
    if (length > MAX_BODY_BYTES) {
      return Response.json({ error: { code: "PAYLOAD_TOO_LARGE", message: "Request body is larger than 1 MB." } }, { status: 413 });
    }
    return fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext: createTrpcContext });
  },
);

export { handler as GET, handler as POST };
