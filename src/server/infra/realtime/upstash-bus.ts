import {
  createUpstashRedis,
  describeUpstashError,
  type UpstashConnection,
} from "@/server/infra/cache/create-upstash-redis";
import { StreamPoller } from "./poll-stream";
import {
  assertWorkspaceId,
  parseRealtimeEvent,
  RealtimeCapacityError,
  RealtimeUnavailableError,
  type RealtimeBus,
  type RealtimeListener,
  type RealtimeLogger,
} from "./realtime-port";

export interface UpstashBusConfig extends UpstashConnection {
  /** Stream key is `<streamPrefix><workspaceId>`. Default "rt:". */
  streamPrefix?: string;
  /** How often subscribers poll their workspace stream. Default 500 ms. */
  pollIntervalMs?: number;
  /** Approximate stream length kept (XADD MAXLEN ~). A subscriber further behind misses events. Default 1000. */
  maxLen?: number;
  /** A quiet workspace's stream expires after this long. Default 1 day. */
  streamTtlSeconds?: number;
  /** Entries read per poll. Default 100. */
  batchSize?: number;
  /** Subscribers allowed per workspace in this process. Default 100. */
  maxListenersPerWorkspace?: number;
}

/**
 * Realtime over Redis streams on Upstash: publish is XADD (+ EXPIRE) on `rt:<workspaceId>`;
 * subscribers in one process share a poller per workspace (see StreamPoller).
 */
export function createUpstashBus(config: UpstashBusConfig, deps: { logger: RealtimeLogger }): RealtimeBus {
  const redis = createUpstashRedis(config);
  const prefix = config.streamPrefix ?? "rt:";
  const maxListeners = config.maxListenersPerWorkspace ?? 100;
  const pollers = new Map<string, StreamPoller>();

  function pollerFor(workspaceId: string): StreamPoller {
    const existing = pollers.get(workspaceId);
    if (existing && !existing.stopped) return existing;
    const poller = new StreamPoller({
      redis,
      key: prefix + workspaceId,
      workspaceId,
      intervalMs: config.pollIntervalMs ?? 500,
      batchSize: config.batchSize ?? 100,
      logger: deps.logger,
    });
    pollers.set(workspaceId, poller);
    poller.ready.catch(() => {
      poller.stop();
      if (pollers.get(workspaceId) === poller) pollers.delete(workspaceId);
    });
    return poller;
  }

  return {
    async publish(workspaceId, event) {
      assertWorkspaceId(workspaceId);
      const data = JSON.stringify(parseRealtimeEvent(event));
      const key = prefix + workspaceId;
      try {
        const pipeline = redis.pipeline();
        pipeline.xadd(key, "*", { data }, { trim: { type: "MAXLEN", comparison: "~", threshold: config.maxLen ?? 1000 } });
        pipeline.expire(key, config.streamTtlSeconds ?? 86_400);
        await pipeline.exec();
      } catch (error) {
        throw new RealtimeUnavailableError(
          `Realtime publish to workspace ${workspaceId} failed: ${describeUpstashError(error)}`,
          { cause: error },
        );
      }
    },

    async subscribe(workspaceId, onEvent) {
      assertWorkspaceId(workspaceId);
      for (;;) {
        const poller = pollerFor(workspaceId);
        if (poller.listeners.size >= maxListeners) throw new RealtimeCapacityError(workspaceId, maxListeners);
        try {
          await poller.ready;
        } catch (error) {
          throw new RealtimeUnavailableError(
            `Realtime subscribe to workspace ${workspaceId} failed: ${describeUpstashError(error)}`,
            { cause: error },
          );
        }
        if (poller.stopped) continue; // the last subscriber left while we waited; start afresh
        // Like the local bus: a throwing subscriber must not stop delivery to the others.
        const listener: RealtimeListener = (event) => {
          try {
            onEvent(event);
          } catch (error) {
            deps.logger.warn({ workspaceId, eventType: event.type, err: String(error) }, "realtime subscriber threw");
          }
        };
        poller.listeners.add(listener);
        return () => {
          poller.listeners.delete(listener);
          if (poller.listeners.size === 0) {
            poller.stop();
            if (pollers.get(workspaceId) === poller) pollers.delete(workspaceId);
          }
        };
      }
    },
  };
}
