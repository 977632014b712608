import { withWorkspace } from "@/server/access/with-workspace";
import { connectErrorRedirect, providerFromParam, redirectTo } from "@/server/channels/connect/connect-redirects";
import { startConnect } from "@/server/channels/connect/start-connect";
import { startCrmConnect } from "@/server/crm/manage/connect-crm-oauth";
import { crmConnectErrorRedirect } from "@/server/crm/manage/crm-connect-redirects";
import { isCrmOAuthId } from "@/server/crm/manage/crm-oauth-ids";

export const dynamic = "force-dynamic";

/**
 * GET /api/oauth/{meta|x|hubspot|salesforce|pipedrive}/start: admins are sent to the platform's
 * or CRM's consent page (others get 403 JSON). CRM ids come back to Settings -> CRM.
 */
export const GET = withWorkspace<{ params: Promise<{ provider: string }> }>({ route: "oauth.start", minRole: "ADMIN", rateLimit: "api" }, async (_req, actor, ctx) => {
  const param = (await ctx.params).provider;
  if (isCrmOAuthId(param)) {
    try {
      return redirectTo((await startCrmConnect(actor, param)).authorizeUrl);
    } catch (error) {
      return crmConnectErrorRedirect(error);
    }
  }
  const provider = providerFromParam(param);
  try {
    const { authorizeUrl } = await startConnect(actor, provider);
    return redirectTo(authorizeUrl);
  } catch (error) {
    return connectErrorRedirect(error);
  }
});
