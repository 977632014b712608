"use client";

import { useQuery } from "@tanstack/react-query";
import { ErrorPanel } from "@/components/errors/error-panel";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadingPanel } from "@/components/ui/loading-panel";
import { useTRPC } from "@/lib/trpc/client";
import { ChannelRow } from "./channel-row";

/** The workspace's channels with their state; rows decide what an admin may change. */
export function ChannelList({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const channels = useQuery(trpc.channels.list.queryOptions());
  // Only admins reconnect; the list shows without the providers if they fail to load.
  const providers = useQuery({ ...trpc.channels.providers.queryOptions(), enabled: canManage });

  if (channels.isPending) return <LoadingPanel label="Loading channels" />;
  if (channels.isError) {
    return <ErrorPanel title="We couldn't load your channels" error={channels.error} onRetry={() => void channels.refetch()} retrying={channels.isFetching} />;
  }
  if (channels.data.length === 0) {
    return <EmptyState title="No channels yet" description={canManage ? "Connect a Facebook Page, an Instagram account or an X account below." : "An admin can connect one."} />;
  }

  return (
    <Card
      title="Connected channels"
      description="Where messages come from. Auto-reply on a channel sends confident replies without approval when auto-reply is also on in Settings."
    >
      <ul className="-my-4 divide-y divide-slate-100">
        {channels.data.map((c) => (
          <ChannelRow key={c.id} channel={c} canManage={canManage} providers={providers.data ?? []} />
        ))}
      </ul>
    </Card>
  );
}
