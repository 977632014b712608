import { withWorkspace } from "@/server/access/with-workspace";
import { connectErrorRedirect, providerFromParam, redirectTo } from "@/server/channels/connect/connect-redirects";
import { startConnect } from "@/server/channels/connect/start-connect";

export const dynamic = "force-dynamic";

/** GET /api/oauth/{meta|x}/start: admins are sent to the platform's consent page (others get 403 JSON). */
export const GET = withWorkspace<{ params: Promise<{ provider: string }> }>({ route: "oauth.start", minRole: "ADMIN", rateLimit: "api" }, async (_req, actor, ctx) => {
  const provider = providerFromParam((await ctx.params).provider);
  try {
    const { authorizeUrl } = await startConnect(actor, provider);
    return redirectTo(authorizeUrl);
  } catch (error) {
    return connectErrorRedirect(error);
  }
});
