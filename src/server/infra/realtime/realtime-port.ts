import { realtimeEventSchema, realtimeIdSchema, type RealtimeEvent } from "@/shared/realtime-events";


/**
 * Realtime port (docs/architecture.md#ports): an in-process bus locally, Redis streams on Upstash in
 * production; the browser side is SSE (`sse.ts`). The event contract lives in src/shared.
 */

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

const workspaceIdSchema = realtimeIdSchema;

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
