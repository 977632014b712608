"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ErrorPanel } from "@/components/errors/error-panel";
import { TIER_LABELS, type Tier } from "@/components/ui/tier-badge";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadingPanel } from "@/components/ui/loading-panel";
import { useTRPC } from "@/lib/trpc/client";
import { ConversationListItem } from "./conversation-list-item";

/** Conversations, most recent first, optionally only those whose lead has a given tier. */
export function ConversationList({ tier, selectedId }: { tier: Tier | undefined; selectedId: string | undefined }) {
  const trpc = useTRPC();
  // The previous tier's rows stay on screen while another tier loads.
  const list = useQuery({ ...trpc.inbox.list.queryOptions({ tier }), placeholderData: (previous) => previous });

  if (list.isPending) return <LoadingPanel label="Loading conversations" />;
  if (list.isError) return <ErrorPanel title="We couldn't load the inbox" error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />;
  if (list.data.length === 0) {
    return tier ? (
      <EmptyState title={`No ${TIER_LABELS[tier].toLowerCase()} leads`} description="Conversations appear here when their lead is scored in this tier." />
    ) : (
      <EmptyState
        title="No conversations yet"
        description="Messages appear here as they arrive. For now they come through the Demo channel: play a customer to see one."
        action={<Link href="/demo" className="text-sm font-medium text-brand-600 hover:underline focus-visible:outline-2 focus-visible:outline-brand-500">Open the demo</Link>}
      />
    );
  }
  return (
    <ul aria-label="Conversations" aria-busy={list.isPlaceholderData || undefined} className={`space-y-1 ${list.isPlaceholderData ? "opacity-60" : ""}`}>
      {list.data.map((c) => <ConversationListItem key={c.id} conversation={c} selected={c.id === selectedId} />)}
    </ul>
  );
}
