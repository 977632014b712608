"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useRealtime } from "@/components/realtime/use-realtime";
import { Notice } from "@/components/ui/notice";
import { useActiveWorkspace } from "@/components/workspace/active-workspace";
import { ReadOnlyNotice } from "@/components/workspace/read-only-notice";
import { AccountPicker } from "./account-picker";
import { describeConnected } from "./account-selection";
import { ChannelList } from "./channel-list";
import { ConnectChannel } from "./connect-channel";
import { ConnectErrorNotice } from "./connect-error-notice";
import type { ConnectParams } from "./read-connect-params";
import { ReconnectBanner } from "./reconnect-banner";

const CHANNELS_PAGE = "/settings/channels";

/**
 * The Channels page: what the OAuth callback sent back (an account picker or an error), channels
 * needing a reconnect, the connected channels, and the Connect buttons. Admins act; everyone else
 * reads. Live: a `channel.status` event refetches the list (src/components/realtime/stale-queries.ts).
 */
export function ChannelsSettings({ params }: { params: ConnectParams }) {
  const { role } = useActiveWorkspace();
  const isAdmin = role === "ADMIN";
  const router = useRouter();
  useRealtime();
  // Kept here, not in the picker: the picker unmounts when `?connect=` is cleared from the URL.
  const [connected, setConnected] = useState<number | null>(null);
  const clearParams = () => router.replace(CHANNELS_PAGE, { scroll: false });

  return (
    <div className="space-y-6">
      {isAdmin ? null : <ReadOnlyNotice role={role}>Only admins can connect, reconnect or disconnect channels and switch their auto-reply.</ReadOnlyNotice>}
      {params.kind === "error" ? <ConnectErrorNotice code={params.code} onDismiss={clearParams} /> : null}
      {params.kind === "pick" && isAdmin ? (
        <AccountPicker
          flowId={params.flowId}
          onConnected={(n) => {
            setConnected(n);
            clearParams();
          }}
          onCancel={clearParams}
        />
      ) : null}
      {params.kind === "none" && connected !== null ? <Notice tone="success">{describeConnected(connected)}</Notice> : null}
      <ReconnectBanner />
      <ChannelList canManage={isAdmin} />
      {isAdmin ? <ConnectChannel /> : null}
    </div>
  );
}
