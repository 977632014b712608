"use client";

import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect, useEffectEvent, useState } from "react";
import { useActiveWorkspace } from "@/components/workspace/active-workspace";
import { useTRPC } from "@/lib/trpc/client";
import type { RealtimeEvent } from "@/shared/realtime-events";
import { subscribeRealtime } from "./shared-event-stream";
import { EVERYTHING_STALE, mergeStaleQueries, staleQueriesFor, type StaleQueries } from "./stale-queries";

export type RealtimeStatus = "connecting" | "live" | "reconnecting";

/** Refetches are at least this far apart: a burst of events causes one at once and one after it, not one per event. */
const BATCH_MS = 120;

type Trpc = ReturnType<typeof useTRPC>;

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
 * Listens to the workspace's realtime stream (GET /api/realtime, Server-Sent Events, one
 * connection per tab: shared-event-stream.ts) and refetches the inbox and lead queries an event
 * makes stale, so pages update without a refresh. After a reconnect everything is refetched,
 * since events sent while away are gone. `onEvent` is told about each event after the refetch
 * is scheduled. Use it once per page.
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
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    let pending: StaleQueries | null = null;
    let lastFlush = 0;

    const flush = () => {
      flushTimer = undefined;
      lastFlush = Date.now();
      const stale = pending;
      pending = null;
      if (stale) void refetchStale(queryClient, trpc, stale);
    };
    // The first event refetches at once (events of one commit arrive in the same tick and share
    // it); more within BATCH_MS wait for the window to end and share one refetch.
    const markStale = (stale: StaleQueries) => {
      pending = pending ? mergeStaleQueries(pending, stale) : stale;
      flushTimer ??= setTimeout(flush, Math.max(0, lastFlush + BATCH_MS - Date.now()));
    };
    const unsubscribe = subscribeRealtime(workspaceId, {
      onEvent: (event) => {
        markStale(staleQueriesFor(event));
        notify(event);
      },
      onOpen: (reconnected) => {
        setStatus("live");
        if (reconnected) markStale(EVERYTHING_STALE);
      },
      onDown: () => setStatus("reconnecting"),
    });
    return () => {
      unsubscribe();
      clearTimeout(flushTimer);
    };
  }, [workspaceId, queryClient, trpc]);

  return status;
}
