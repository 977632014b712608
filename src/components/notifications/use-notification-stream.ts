"use client";

import { useEffect, useEffectEvent } from "react";
import { subscribeRealtime } from "@/components/realtime/shared-event-stream";
import type { RealtimeEventType } from "@/shared/realtime-events";

/**
 * The events after which the member may have a new notification: they are published after the
 * commit of the transaction that wrote it (a hot lead with `lead.updated`, a failed send with
 * `conversation.updated`, a channel to reconnect with `channel.status`, waiting drafts with
 * `notification.created`). Events carry no user, so the bell refetches its own list.
 */
export const NOTIFYING_EVENTS: readonly RealtimeEventType[] = ["lead.updated", "conversation.updated", "channel.status", "notification.created"];

/** Events this close together cause one refetch. */
const DEBOUNCE_MS = 400;

/**
 * Listens to the workspace's realtime stream (the tab's one connection, shared-event-stream.ts)
 * for the events above and calls `onChange`, debounced; also after a reconnect, since events
 * sent while away are gone. Only listens: it refetches nothing of the pages' own.
 */
export function useNotificationStream(workspaceId: string, onChange: () => void): void {
  const changed = useEffectEvent(onChange);
  useEffect(() => {
    let debounceTimer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      clearTimeout(debounceTimer);
      debounceTimer = setTimeout(() => changed(), DEBOUNCE_MS);
    };
    const unsubscribe = subscribeRealtime(workspaceId, {
      onEvent: (event) => {
        if (NOTIFYING_EVENTS.includes(event.type)) schedule();
      },
      onOpen: (reconnected) => {
        if (reconnected) schedule();
      },
    });
    return () => {
      unsubscribe();
      clearTimeout(debounceTimer);
    };
  }, [workspaceId]);
}
