import type { Redis } from "@upstash/redis";
import { z } from "zod";
import { describeUpstashError } from "@/server/infra/cache/create-upstash-redis";
import { type RealtimeListener, type RealtimeLogger } from "./realtime-port";
import { realtimeEventSchema, type RealtimeEvent } from "@/shared/realtime-events";

/** A raw XRANGE entry: `[id, [field, value, field, value, ...]]`. */
const streamEntrySchema = z.tuple([z.string(), z.array(z.string())]);

export interface StreamPollerOptions {
  redis: Redis;
  key: string;
  workspaceId: string;
  intervalMs: number;
  batchSize: number;
  logger: RealtimeLogger;
}

const MAX_BACKOFF_MS = 5_000;

/**
 * Follows one workspace stream for every subscriber of that workspace in this process:
 * remembers the newest id at start (so only new events are delivered, like XREAD from `$`),
 * then polls XRANGE after the last id seen. Each entry is validated; invalid ones are dropped
 * and logged by id only. Polling errors back off and retry from the same id, so nothing still
 * in the stream is lost. `stop()` ends polling; an in-flight poll delivers nothing after it.
 */
export class StreamPoller {
  readonly listeners = new Set<RealtimeListener>();
  readonly ready: Promise<void>;
  stopped = false;
  private lastId = "0-0";
  private timer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;

  constructor(private readonly options: StreamPollerOptions) {
    this.ready = this.start();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async start(): Promise<void> {
    const newest = await this.options.redis.exec<unknown>(["XREVRANGE", this.options.key, "+", "-", "COUNT", 1]);
    const first = z.array(streamEntrySchema).safeParse(newest).data?.[0];
    if (first) this.lastId = first[0];
    this.schedule(this.options.intervalMs);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    let more = false;
    try {
      more = await this.pollOnce();
      this.failures = 0;
    } catch (error) {
      this.failures += 1;
      if (this.failures === 1 || this.failures % 20 === 0) {
        this.options.logger.warn(
          { workspaceId: this.options.workspaceId, failures: this.failures, err: describeUpstashError(error) },
          "realtime stream poll failed; retrying",
        );
      }
    }
    const backoff = Math.min(this.options.intervalMs * 2 ** this.failures, MAX_BACKOFF_MS);
    this.schedule(this.failures > 0 ? backoff : more ? 0 : this.options.intervalMs);
  }

  /** Returns true when a full batch came back, i.e. more entries may be waiting. */
  private async pollOnce(): Promise<boolean> {
    const { redis, key, batchSize } = this.options;
    const reply = await redis.exec<unknown>(["XRANGE", key, `(${this.lastId}`, "+", "COUNT", batchSize]);
    const entries = Array.isArray(reply) ? reply : [];
    for (const raw of entries) {
      if (this.stopped) return false;
      const entry = streamEntrySchema.safeParse(raw);
      if (!entry.success) continue; // not a stream entry at all; nothing to advance past
      const [entryId, fields] = entry.data;
      this.lastId = entryId;
      const event = decodeEvent(fields);
      if (!event) {
        this.options.logger.warn({ workspaceId: this.options.workspaceId, entryId }, "dropped invalid realtime stream entry");
        continue;
      }
      for (const listener of [...this.listeners]) listener(event);
    }
    return entries.length >= batchSize;
  }
}

function decodeEvent(fields: string[]): RealtimeEvent | null {
  const index = fields.findIndex((field, i) => i % 2 === 0 && field === "data");
  const data = index === -1 ? undefined : fields[index + 1];
  if (data === undefined) return null;
  try {
    const parsed = realtimeEventSchema.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
