"use client";

import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect, useEffectEvent, useState } from "react";
import { useActiveWorkspace } from "@/components/workspace/active-workspace";
import { useTRPC } from "@/lib/trpc/client";
import { realtimeEventSchema, type RealtimeEvent, type RealtimeEventType } from "@/shared/realtime-events";
import { reconnectDelay } from "./reconnect-delay";
import { EVERYTHING_STALE, mergeStaleQueries, staleQueriesFor, type StaleQueries } from "./stale-queries";

export type RealtimeStatus = "connecting" | "live" | "reconnecting";

const REALTIME_URL = "/api/realtime";

/** Events arriving this close together cause one refetch, not one per event. */
const BATCH_MS = 120;

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
};

type Trpc = ReturnType<typeof useTRPC>;

function parseEvent(data: unknown): RealtimeEvent | null {
  if (typeof data !== "string") return null;
  try {
    const parsed = realtimeEventSchema.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

async function refetchStale(queryClient: QueryClient, trpc: Trpc, stale: StaleQueries): Promise<void> {
  const work: Array<Promise<void>> = [];
  if (stale.inboxList) work.push(queryClient.invalidateQueries(trpc.inbox.list.queryFilter()));
  if (stale.leadsList) work.push(queryClient.invalidateQueries(trpc.leads.list.queryFilter()));
  if (stale.channelsList) work.push(queryClient.invalidateQueries(trpc.channels.list.queryFilter()));
  if (stale.allConversations) work.push(queryClient.invalidateQueries(trpc.inbox.get.queryFilter()));
  else for (const conversationId of stale.conversationIds) work.push(queryClient.invalidateQueries(trpc.inbox.get.queryFilter({ conversationId })));
  await Promise.allSettled(work);
}

/**
 * Listens to the workspace's realtime stream (GET /api/realtime, Server-Sent Events) and
 * refetches the inbox and lead queries an event makes stale, so pages update without a refresh.
 * Reconnects with exponential backoff; after a reconnect everything is refetched, since events
 * sent while away are gone. `onEvent` is told about each event after the refetch is scheduled.
 * Use it once per page: each call holds its own connection.
 */
export function useRealtime(onEvent?: (event: RealtimeEvent) => void): RealtimeStatus {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // The stream follows the workspace cookie; the app shell remounts pages on a switch, and the
  // id as a dependency reconnects even if it did not.
  const { id: workspaceId } = useActiveWorkspace();
  const [status, setStatus] = useState<RealtimeStatus>("connecting");
  const notify = useEffectEvent((event: RealtimeEvent) => onEvent?.(event));

  useEffect(() => {
    let source: EventSource | null = null;
    let stopped = false;
    let attempt = 0;
    let connectedBefore = false;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    let pending: StaleQueries | null = null;

    const flush = () => {
      flushTimer = undefined;
      const stale = pending;
      pending = null;
      if (stale) void refetchStale(queryClient, trpc, stale);
    };
    const markStale = (stale: StaleQueries) => {
      pending = pending ? mergeStaleQueries(pending, stale) : stale;
      flushTimer ??= setTimeout(flush, BATCH_MS);
    };
    const onMessage = (message: MessageEvent) => {
      const event = parseEvent(message.data);
      if (!event) return;
      markStale(staleQueriesFor(event));
      notify(event);
    };

    const connect = () => {
      retryTimer = undefined;
      const current = new EventSource(REALTIME_URL);
      source = current;
      current.addEventListener("open", () => {
        attempt = 0;
        setStatus("live");
        if (connectedBefore) markStale(EVERYTHING_STALE);
        connectedBefore = true;
      });
      // The browser's own retry is a fixed delay and gives up on an HTTP error (401, 404), so
      // every error closes the stream and we reconnect on our own schedule.
      current.addEventListener("error", () => {
        current.close();
        if (stopped || source !== current) return;
        source = null;
        setStatus("reconnecting");
        retryTimer = setTimeout(connect, reconnectDelay(attempt));
        attempt += 1;
      });
      for (const type of Object.keys(EVENT_TYPES)) current.addEventListener(type, onMessage);
    };

    connect();
    return () => {
      stopped = true;
      source?.close();
      clearTimeout(retryTimer);
      clearTimeout(flushTimer);
    };
  }, [workspaceId, queryClient, trpc]);

  return status;
}
