import NextAuth from "next-auth";
import { withPublicRoute } from "@/server/access/with-public-route";
import { authOptions } from "@/server/auth/auth-options";

export const dynamic = "force-dynamic";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

// Built per request so configuration is read at run time, not at build time.
const handler = withPublicRoute<RouteContext>(
  { route: "auth", reason: "next-auth sign-in, callback and sign-out: this is where a session starts; logins are rate-limited in authOptions." },
  async (req, ctx) => NextAuth(req as never, { params: await ctx.params } as never, authOptions()) as Promise<Response>,
);

export { handler as GET, handler as POST };
