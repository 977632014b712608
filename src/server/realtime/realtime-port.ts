import { z } from "zod";

/**
 * Realtime port (docs/architecture.md#ports): an in-process bus locally, Redis streams on Upstash in
 * production; the browser side is SSE (`sse.ts`). One channel per workspace, never shared.
 *
 * Events carry ids and short machine labels only, never message text, names or contact
 * details: objects are strict and ids are restricted to id characters, so PII cannot ride
 * along. Clients refetch what changed through the authorised API.
 */
const id = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, "expected an id");
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
]);

export type RealtimeEvent = z.infer<typeof realtimeEventSchema>;
export type RealtimeEventType = RealtimeEvent["type"];
export type RealtimeListener = (event: RealtimeEvent) => void;

export interface RealtimeBus {
  /** Rejects with RealtimeUnavailableError when the event could not be handed over. */
  publish(workspaceId: string, event: RealtimeEvent): Promise<void>;
  /** Resolves once listening; the returned function stops delivery to `onEvent`. */
  subscribe(workspaceId: string, onEvent: RealtimeListener): Promise<() => void>;
}

/** The slice of a pino logger the buses need (pino's `Logger` satisfies it). */
export interface RealtimeLogger {
  warn(details: Record<string, unknown>, message: string): void;
}

export class RealtimeUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RealtimeUnavailableError";
  }
}

/** Thrown when a workspace already has as many subscribers as the bus allows. */
export class RealtimeCapacityError extends Error {
  constructor(workspaceId: string, max: number) {
    super(`Workspace ${workspaceId} already has ${max} realtime subscribers`);
    this.name = "RealtimeCapacityError";
  }
}

const workspaceIdSchema = id;

/** Workspace ids name channels and Redis keys, so they are checked like any other id. */
export function assertWorkspaceId(workspaceId: string): void {
  if (!workspaceIdSchema.safeParse(workspaceId).success) {
    throw new TypeError(`Invalid workspace id for realtime: ${JSON.stringify(workspaceId.slice(0, 140))}`);
  }
}

/** Validates an event before it leaves the process; throws a ZodError on anything else. */
export function parseRealtimeEvent(event: unknown): RealtimeEvent {
  return realtimeEventSchema.parse(event);
}
