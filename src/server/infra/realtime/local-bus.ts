import { EventEmitter } from "node:events";
import {
  assertWorkspaceId,
  parseRealtimeEvent,
  RealtimeCapacityError,
  type RealtimeBus,
  type RealtimeListener,
  type RealtimeLogger,
} from "./realtime-port";

export interface LocalBusConfig {
  /** Subscribers (open SSE streams) allowed per workspace. Default 100. */
  maxListenersPerWorkspace?: number;
}

/** In-process bus: one EventEmitter channel per workspace. Single process only. */
export function createLocalBus(config: LocalBusConfig, deps: { logger: RealtimeLogger }): RealtimeBus {
  const max = config.maxListenersPerWorkspace ?? 100;
  const emitter = new EventEmitter();
  emitter.setMaxListeners(max); // the cap below is enforced; this also warns if it ever leaks
  const channel = (workspaceId: string) => `workspace:${workspaceId}`;

  return {
    async publish(workspaceId, event) {
      assertWorkspaceId(workspaceId);
      emitter.emit(channel(workspaceId), parseRealtimeEvent(event));
    },
    async subscribe(workspaceId, onEvent) {
      assertWorkspaceId(workspaceId);
      if (emitter.listenerCount(channel(workspaceId)) >= max) throw new RealtimeCapacityError(workspaceId, max);
      // One failing subscriber must not break the publisher or the other subscribers.
      const listener: RealtimeListener = (event) => {
        try {
          onEvent(event);
        } catch (error) {
          deps.logger.warn({ workspaceId, eventType: event.type, err: String(error) }, "realtime subscriber threw");
        }
      };
      emitter.on(channel(workspaceId), listener);
      return () => {
        emitter.off(channel(workspaceId), listener);
      };
    },
  };
}
