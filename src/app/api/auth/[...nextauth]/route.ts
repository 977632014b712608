import NextAuth from "next-auth";
import { authOptions } from "@/server/auth/auth-options";

export const dynamic = "force-dynamic";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

// Built per request so configuration is read at run time, not at build time.
async function handler(req: Request, ctx: RouteContext): Promise<Response> {
  return NextAuth(req as never, { params: await ctx.params } as never, authOptions()) as Promise<Response>;
}

export { handler as GET, handler as POST };
