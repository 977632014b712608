import type { RealtimeBus, RealtimeLogger } from "./realtime-port";
import type { RealtimeEvent } from "@/shared/realtime-events";

export interface SseOptions {
  /** Comment line sent this often so proxies keep the connection open. Default 15 s. */
  heartbeatMs?: number;
  /** Told when the bus cannot subscribe. */
  logger?: RealtimeLogger;
  /**
   * Asked every `recheckMs` (default 30 s) whether the session may still see the workspace; the
   * stream ends on `false` (sessions revoked, member removed). A check that throws keeps it open.
   */
  stillAllowed?: () => Promise<boolean>;
  recheckMs?: number;
}

/** Chunks a client may fall behind by before it is cut off (it reconnects and refetches). */
const MAX_QUEUED_CHUNKS = 1_000;

const HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  "x-accel-buffering": "no", // nginx: do not buffer the stream
};

const frame = (event: RealtimeEvent) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;

/**
 * A text/event-stream of one workspace's realtime events, as a Web `Response`. The caller has
 * already checked that the session may see `workspaceId`. Ends (and unsubscribes) when `signal`
 * aborts, the client goes away or `stillAllowed` says no; if the bus cannot subscribe it sends `realtime.unavailable`
 * and ends, and EventSource reconnects after the `retry` delay.
 */
export function sseResponse(bus: RealtimeBus, workspaceId: string, signal: AbortSignal, options: SseOptions = {}): Response {
  const encoder = new TextEncoder();
  let close = () => {};

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      let unsubscribe: (() => void) | undefined;
      const timers: { heartbeat?: ReturnType<typeof setInterval>; recheck?: ReturnType<typeof setInterval> } = {};

      close = () => {
        if (closed) return;
        closed = true;
        clearInterval(timers.heartbeat);
        clearInterval(timers.recheck);
        signal.removeEventListener("abort", close);
        unsubscribe?.();
        try {
          controller.close();
        } catch {
          // already closed or cancelled by the client
        }
      };
      const send = (text: string) => {
        if (closed) return;
        if ((controller.desiredSize ?? 0) < -MAX_QUEUED_CHUNKS) return close();
        controller.enqueue(encoder.encode(text));
      };

      if (signal.aborted) return close();
      signal.addEventListener("abort", close, { once: true });
      timers.heartbeat = setInterval(() => send(": heartbeat\n\n"), options.heartbeatMs ?? 15_000);
      send("retry: 3000\n\n");
      const { stillAllowed } = options;
      if (stillAllowed) {
        timers.recheck = setInterval(() => {
          stillAllowed().then(
            (allowed) => {
              if (!allowed) close();
            },
            () => {}, // e.g. the database briefly away: keep streaming, ask again next time
          );
        }, options.recheckMs ?? 30_000);
      }

      bus.subscribe(workspaceId, (event) => send(frame(event))).then(
        (stop) => {
          if (closed) return stop();
          unsubscribe = stop;
          send(": subscribed\n\n"); // events published from here on reach this stream
        },
        (error: unknown) => {
          options.logger?.warn({ workspaceId, err: String(error) }, "realtime subscribe failed; closing SSE stream");
          send(`event: realtime.unavailable\ndata: {}\n\n`);
          close();
        },
      );
    },
    cancel() {
      close();
    },
  });

  return new Response(stream, { headers: HEADERS });
}
