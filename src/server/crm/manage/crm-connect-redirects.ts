import { redirectTo } from "../../channels/connect/connect-redirects";
import { env } from "../../infra/env/load-env";
import { CrmConnectError } from "./crm-connect-error";

/** The Settings -> CRM page the CRM OAuth routes come back to. */
export const CRM_PAGE = "/settings/crm";

/** 302 to Settings -> CRM with `?connected=<id>` or `?error=<code>`; never cached. */
export function crmPageRedirect(query: { connected: string } | { error: string }): Response {
  const url = new URL(CRM_PAGE, env().APP_URL);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return redirectTo(url.toString());
}

/** A CrmConnectError becomes the page's `?error=`; anything else goes on to the route's error answer. */
export function crmConnectErrorRedirect(error: unknown): Response {
  if (error instanceof CrmConnectError) return crmPageRedirect({ error: error.connectError });
  throw error;
}
