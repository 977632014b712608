import { z } from "zod";

/**
 * The realtime event contract, shared by the server that publishes events and the browser that
 * reacts to them (docs/architecture.md#ports). One channel per workspace, never shared.
 *
 * Events carry ids and short machine labels only, never message text, names or contact
 * details: objects are strict and ids are restricted to id characters, so PII cannot ride
 * along. Clients refetch what changed through the authorised API.
 */
export const realtimeIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, "expected an id");
const id = realtimeIdSchema;
/** A machine label such as an intent or a channel status: no spaces, no free text. */
const label = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/i, "expected a short label");

export const realtimeEventSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("message.created"), conversationId: id, messageId: id }),
  z.strictObject({ type: z.literal("message.processed"), conversationId: id, messageId: id, intent: label }),
  z.strictObject({ type: z.literal("reply.drafted"), conversationId: id, replyId: id }),
  z.strictObject({ type: z.literal("reply.sent"), conversationId: id, replyId: id }),
  z.strictObject({ type: z.literal("lead.updated"), leadId: id }),
  z.strictObject({ type: z.literal("channel.status"), channelId: id, status: label }),
  z.strictObject({ type: z.literal("conversation.updated"), conversationId: id }),
  /** A CRM connection changed status (needs_reauth, failing, active). */
  z.strictObject({ type: z.literal("crm.status"), connectionId: id, status: label }),
  /** Notifications were written for some members (src/server/notifications); each bell refetches its own. */
  z.strictObject({ type: z.literal("notification.created"), kind: label }),
]);

export type RealtimeEvent = z.infer<typeof realtimeEventSchema>;
export type RealtimeEventType = RealtimeEvent["type"];
