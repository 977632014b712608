/**
 * The codes the OAuth routes put in `/settings/channels?error=<code>` (the server's list is in
 * src/server/channels/connect/connect-error.ts; it is repeated here because that module is
 * server-only). The page words each code itself: platform error text never reaches the URL.
 */
export const CONNECT_ERROR_CODES = ["denied", "invalid_state", "expired", "exchange_failed", "not_configured"] as const;
export type ConnectErrorCode = (typeof CONNECT_ERROR_CODES)[number];

export type ConnectErrorMessage = { title: string; message: string };

const MESSAGES: Record<ConnectErrorCode, ConnectErrorMessage> = {
  denied: {
    title: "Connection cancelled",
    message: "Permission was not given on the platform's consent page, so nothing was connected. Start again when you are ready.",
  },
  invalid_state: {
    title: "This connection link is not valid",
    message:
      "It was already used, or it was started by someone else or in another workspace. Nothing was connected. Start again from this page.",
  },
  expired: {
    title: "The connection timed out",
    message: "Connecting took too long, so it was cancelled and nothing was connected. Start again.",
  },
  exchange_failed: {
    title: "The platform did not finish the connection",
    message: "The platform did not grant access after the consent page, so nothing was connected. Try again in a moment.",
  },
  not_configured: {
    title: "This platform is not set up on this server",
    message: "Nothing was connected. Whoever runs this Leadline server has to add the platform's app credentials first.",
  },
};

const UNKNOWN: ConnectErrorMessage = {
  title: "The connection did not finish",
  message: "Nothing was connected. Start again.",
};

export function isConnectErrorCode(value: string): value is ConnectErrorCode {
  return (CONNECT_ERROR_CODES as readonly string[]).includes(value);
}

/** A human title and message for an `?error=` code; an unknown code gets a generic message, never its own text. */
export function describeConnectError(code: string): ConnectErrorMessage {
  return isConnectErrorCode(code) ? MESSAGES[code] : UNKNOWN;
}
