import type { RealtimeEvent } from "@/shared/realtime-events";

/**
 * What a realtime event makes stale. Events carry ids only; the data itself is refetched
 * through the authorised API, so nothing here trusts the event beyond "something changed".
 */
export type StaleQueries = {
  inboxList: boolean;
  leadsList: boolean;
  /** Every open conversation (when the event does not say which one changed). */
  allConversations: boolean;
  /** The channel list (Channels page, reconnect banner). */
  channelsList: boolean;
  conversationIds: readonly string[];
};

export const NOTHING_STALE: StaleQueries = { inboxList: false, leadsList: false, allConversations: false, channelsList: false, conversationIds: [] };

/** After a reconnect events may have been missed, so everything realtime-driven is refetched. */
export const EVERYTHING_STALE: StaleQueries = { inboxList: true, leadsList: true, allConversations: true, channelsList: true, conversationIds: [] };

export function staleQueriesFor(event: RealtimeEvent): StaleQueries {
  switch (event.type) {
    case "message.created":
    case "message.processed":
    case "reply.drafted":
    case "reply.sent":
    case "conversation.updated":
      return { ...NOTHING_STALE, inboxList: true, conversationIds: [event.conversationId] };
    case "lead.updated":
      // The list shows each conversation's tier and score, and the open one shows the lead panel.
      return { ...NOTHING_STALE, inboxList: true, leadsList: true, allConversations: true };
    case "channel.status":
      // Open conversations show the channel's state; the Channels page and banner list it.
      return { ...NOTHING_STALE, allConversations: true, channelsList: true };
    case "crm.status":
      // The leads list shows each lead's CRM sync state.
      return { ...NOTHING_STALE, leadsList: true };
    case "notification.created":
      // Only the bell (src/components/notifications) reads notifications; it listens on its own.
      return NOTHING_STALE;
  }
}

export function mergeStaleQueries(a: StaleQueries, b: StaleQueries): StaleQueries {
  const allConversations = a.allConversations || b.allConversations;
  return {
    inboxList: a.inboxList || b.inboxList,
    leadsList: a.leadsList || b.leadsList,
    allConversations,
    channelsList: a.channelsList || b.channelsList,
    conversationIds: allConversations ? [] : [...new Set([...a.conversationIds, ...b.conversationIds])],
  };
}
