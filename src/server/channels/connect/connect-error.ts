import { AppError } from "../../infra/errors/app-error";

/**
 * Why an OAuth round trip ended without accounts to pick, as the Channels page shows it
 * (`/settings/channels?error=<code>`). The page words each code itself: platform error text is
 * never passed along.
 */
export const CONNECT_ERROR_CODES = ["denied", "invalid_state", "expired", "exchange_failed", "not_configured"] as const;
export type ConnectErrorCode = (typeof CONNECT_ERROR_CODES)[number];

const MESSAGES: Record<ConnectErrorCode, string> = {
  denied: "The connection was cancelled on the platform's consent page.",
  invalid_state: "This connection link is not valid (already used, or started by someone else or in another workspace). Start again.",
  expired: "This connection took too long. Start again.",
  exchange_failed: "The platform did not complete the connection. Try again in a moment.",
  not_configured: "This platform is not configured on this server.",
};

/** An AppError whose `details.connectError` the routes turn into the page's error code. */
export class ConnectError extends AppError {
  constructor(readonly connectError: ConnectErrorCode) {
    super(connectError === "not_configured" ? "NOT_FOUND" : "BAD_REQUEST", MESSAGES[connectError], { connectError });
    this.name = "ConnectError";
  }
}
