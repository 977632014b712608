import { withWorkspace } from "@/server/access/with-workspace";
import { channelsPageRedirect, connectErrorRedirect, providerFromParam } from "@/server/channels/connect/connect-redirects";
import { finishConnect } from "@/server/channels/connect/finish-connect";
import { finishCrmConnect } from "@/server/crm/manage/connect-crm-oauth";
import { crmConnectErrorRedirect, crmPageRedirect } from "@/server/crm/manage/crm-connect-redirects";
import { isCrmOAuthId } from "@/server/crm/manage/crm-oauth-ids";

export const dynamic = "force-dynamic";

/** Bounds what is read from the query: codes and states are far shorter. */
const param = (params: URLSearchParams, name: string) => params.get(name)?.slice(0, 2048) || null;

/**
 * GET /api/oauth/{meta|x}/callback: the platform sends the admin back here. Success: 302 to
 * `/settings/channels?connect=<flowId>` to pick accounts; otherwise `?error=<code>` (the
 * platform's own error text is never passed on). For a CRM ({hubspot|salesforce|pipedrive})
 * the connection is stored here and the admin lands on `/settings/crm?connected=<id>` or
 * `?error=<code>`.
 */
export const GET = withWorkspace<{ params: Promise<{ provider: string }> }>({ route: "oauth.callback", minRole: "ADMIN", rateLimit: "api" }, async (req, actor, ctx) => {
  const id = (await ctx.params).provider;
  const query = new URL(req.url).searchParams;
  const params = { code: param(query, "code"), state: param(query, "state"), error: param(query, "error") };
  if (isCrmOAuthId(id)) {
    try {
      await finishCrmConnect(actor, id, params);
      return crmPageRedirect({ connected: id });
    } catch (error) {
      return crmConnectErrorRedirect(error);
    }
  }
  const provider = providerFromParam(id);
  try {
    const { flowId } = await finishConnect(actor, provider, params);
    return channelsPageRedirect({ connect: flowId });
  } catch (error) {
    return connectErrorRedirect(error);
  }
});
