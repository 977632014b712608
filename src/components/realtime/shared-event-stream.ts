import { realtimeEventSchema, type RealtimeEvent, type RealtimeEventType } from "@/shared/realtime-events";
import { reconnectDelay } from "./reconnect-delay";

const REALTIME_URL = "/api/realtime";

/** Every event type the stream names; a Record so a new type cannot be forgotten here. */
const EVENT_TYPES: Record<RealtimeEventType, true> = {
  "message.created": true,
  "message.processed": true,
  "reply.drafted": true,
  "reply.sent": true,
  "lead.updated": true,
  "channel.status": true,
  "conversation.updated": true,
  "crm.status": true,
  "notification.created": true,
};

export type StreamListener = {
  onEvent?: (event: RealtimeEvent) => void;
  /** The stream is (again) connected; `reconnected` when it had been before, so events may have been missed. */
  onOpen?: (reconnected: boolean) => void;
  onDown?: () => void;
};

function parseEvent(data: unknown): RealtimeEvent | null {
  if (typeof data !== "string") return null;
  try {
    const parsed = realtimeEventSchema.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

type Stream = { key: string; listeners: Set<StreamListener>; live: boolean; close: () => void };
let stream: Stream | null = null;

function open(key: string): Stream {
  const listeners = new Set<StreamListener>();
  let source: EventSource | null = null;
  let stopped = false;
  let attempt = 0;
  let connectedBefore = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const state: Stream = {
    key,
    listeners,
    live: false,
    close: () => {
      stopped = true;
      source?.close();
      clearTimeout(retryTimer);
    },
  };
  const onMessage = (message: MessageEvent) => {
    const event = parseEvent(message.data);
    if (event) for (const l of [...listeners]) l.onEvent?.(event);
  };
  const connect = () => {
    retryTimer = undefined;
    const current = new EventSource(REALTIME_URL);
    source = current;
    current.addEventListener("open", () => {
      attempt = 0;
      state.live = true;
      for (const l of [...listeners]) l.onOpen?.(connectedBefore);
      connectedBefore = true;
    });
    // The browser's own retry is a fixed delay and gives up on an HTTP error (401, 404), so
    // every error closes the stream and we reconnect on our own schedule.
    current.addEventListener("error", () => {
      current.close();
      if (stopped || source !== current) return;
      source = null;
      state.live = false;
      for (const l of [...listeners]) l.onDown?.();
      retryTimer = setTimeout(connect, reconnectDelay(attempt));
      attempt += 1;
    });
    for (const type of Object.keys(EVENT_TYPES)) current.addEventListener(type, onMessage);
  };
  connect();
  return state;
}

/**
 * One Server-Sent Events connection per browser tab to GET /api/realtime (the workspace's
 * stream, which follows the workspace cookie), shared by everything on the page that listens
 * (the inbox's refetching, the notification bell). `key` is the active workspace: a different
 * key reopens the stream. Reconnects with exponential backoff; the last unsubscribe closes it.
 */
export function subscribeRealtime(key: string, listener: StreamListener): () => void {
  if (stream && stream.key !== key) {
    stream.close();
    stream = null;
  }
  const current = (stream ??= open(key));
  current.listeners.add(listener);
  if (current.live) listener.onOpen?.(false);
  return () => {
    current.listeners.delete(listener);
    if (current.listeners.size === 0 && stream === current) {
      current.close();
      stream = null;
    }
  };
}
