import type { ChannelConnector } from "../connector";
import { xCapabilities } from "./x-capabilities";
import { pollX } from "./x-poll";
import { sendXReply } from "./x-send-reply";

/**
 * X: polled, not pushed. Webhooks need the paid Account Activity API, which Leadline does not
 * subscribe to, so it has no webhook and /api/webhooks/x answers 404 like an unknown platform.
 */
export const xConnector: ChannelConnector = {
  platform: "X",
  capabilities: xCapabilities,
  poller: { intervalSeconds: 60, poll: (credentials, cursor) => pollX(credentials, cursor) },
  sendReply: (credentials, reply) => sendXReply(credentials, reply),
};
