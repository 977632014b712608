import { AppError } from "../../infra/errors/app-error";

/**
 * Why an OAuth round trip to a CRM ended without a connection, as Settings -> CRM shows it
 * (`/settings/crm?error=<code>`). The page words each code; the CRM's error text is never passed on.
 */
export const CRM_CONNECT_ERROR_CODES = ["denied", "invalid_state", "expired", "exchange_failed", "not_configured"] as const;
export type CrmConnectErrorCode = (typeof CRM_CONNECT_ERROR_CODES)[number];

const MESSAGES: Record<CrmConnectErrorCode, string> = {
  denied: "The connection was cancelled on the CRM's consent page.",
  invalid_state: "This connection link is not valid (already used, or started by someone else or in another workspace). Start again.",
  expired: "This connection took too long. Start again.",
  exchange_failed: "The CRM did not complete the connection. Try again in a moment.",
  not_configured: "This CRM is not configured on this server.",
};

export class CrmConnectError extends AppError {
  constructor(readonly connectError: CrmConnectErrorCode) {
    super(connectError === "not_configured" ? "NOT_FOUND" : "BAD_REQUEST", MESSAGES[connectError], { connectError });
    this.name = "CrmConnectError";
  }
}
