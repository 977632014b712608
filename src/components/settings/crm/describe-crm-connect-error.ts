/**
 * The codes the CRM OAuth routes put in `/settings/crm?error=<code>` (the server's list is in
 * src/server/crm/manage/crm-connect-error.ts, server-only). The page words each code itself:
 * the CRM's error text never reaches the URL.
 */
export const CRM_CONNECT_ERROR_CODES = ["denied", "invalid_state", "expired", "exchange_failed", "not_configured"] as const;
type Code = (typeof CRM_CONNECT_ERROR_CODES)[number];

export type CrmConnectErrorMessage = { title: string; message: string };

const MESSAGES: Record<Code, CrmConnectErrorMessage> = {
  denied: { title: "Connection cancelled", message: "Access was not granted on the CRM's consent page, so nothing was connected. Start again when you are ready." },
  invalid_state: { title: "This connection link is not valid", message: "It was already used, or it was started by someone else or in another workspace. Nothing was connected. Start again from this page." },
  expired: { title: "The connection timed out", message: "Connecting took too long, so it was cancelled and nothing was connected. Start again." },
  exchange_failed: { title: "The CRM did not finish the connection", message: "The CRM did not grant access after the consent page, so nothing was connected. Try again in a moment." },
  not_configured: { title: "This CRM is not set up on this server", message: "Nothing was connected. Whoever runs this Leadline server has to add the CRM's app credentials first." },
};

const UNKNOWN: CrmConnectErrorMessage = { title: "The connection did not finish", message: "Nothing was connected. Start again." };

/** A title and message for an `?error=` code; an unknown code gets a generic message, never its own text. */
export function describeCrmConnectError(code: string): CrmConnectErrorMessage {
  return (CRM_CONNECT_ERROR_CODES as readonly string[]).includes(code) ? MESSAGES[code as Code] : UNKNOWN;
}
