"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ErrorPanel } from "@/components/errors/error-panel";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadingPanel } from "@/components/ui/loading-panel";
import { useTRPC } from "@/lib/trpc/client";
import { countActiveFilters, type InboxFilterState } from "./inbox-filters";
import { ConversationListItem } from "./conversation-list-item";

/** The list for the current filters (the shell's keyboard navigation reads the same cached query). */
export function useConversationList(filters: InboxFilterState) {
  const trpc = useTRPC();
  // The previous filter's rows stay on screen while another loads.
  // Its own request, so a live refetch shows the new row without waiting for the open conversation.
  return useQuery({ ...trpc.inbox.list.queryOptions({ limit: 100, ...filters }, { trpc: { context: { unbatched: true } } }), placeholderData: (previous) => previous });
}

/** The workspace's members by id, for the assignee shown on each row. */
export function useAssigneeNames(): Map<string, string> {
  const trpc = useTRPC();
  const assignees = useQuery(trpc.inbox.assignees.queryOptions());
  return new Map((assignees.data ?? []).map((a) => [a.userId, a.name]));
}

/** Conversations matching the filters, most recent first. */
export function ConversationList({ filters, selectedId, currentUserId }: { filters: InboxFilterState; selectedId: string | undefined; currentUserId: string }) {
  const list = useConversationList(filters);
  const names = useAssigneeNames();

  if (list.isPending) return <LoadingPanel label="Loading conversations" />;
  if (list.isError) return <ErrorPanel title="We couldn't load the inbox" error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />;
  if (list.data.length === 0) {
    if (filters.search) return <EmptyState title="No conversations match" description="Search finds whole words in names and messages (no partial words). Try another word or clear the filters." />;
    if (filters.folder === "spam") return <EmptyState title="No spam" description="Conversations whose latest message was classified as spam are kept here, out of the inbox." />;
    if (countActiveFilters(filters) > 0) return <EmptyState title="Nothing matches these filters" description="Conversations appear here as they match the status, intent, tier, channel and assignee chosen." />;
    return (
      <EmptyState
        title="No conversations yet"
        description="Messages appear here as they arrive. For now they come through the Demo channel: play a customer to see one."
        action={<Link href="/demo" className="text-sm font-medium text-brand-600 hover:underline focus-visible:outline-2 focus-visible:outline-brand-500">Open the demo</Link>}
      />
    );
  }
  return (
    <ul aria-label="Conversations" aria-busy={list.isPlaceholderData || undefined} className={`space-y-1 ${list.isPlaceholderData ? "opacity-60" : ""}`}>
      {list.data.map((c) => (
        <ConversationListItem
          key={c.id}
          conversation={c}
          selected={c.id === selectedId}
          assigneeName={c.assigneeId ? (c.assigneeId === currentUserId ? "You" : (names.get(c.assigneeId) ?? "a teammate")) : null}
        />
      ))}
    </ul>
  );
}
