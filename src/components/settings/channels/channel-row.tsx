"use client";

import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { formatDateTime } from "@/components/ui/format-time";
import { PlatformBadge } from "@/components/ui/platform-badge";
import { AutoReplyToggle } from "./auto-reply-toggle";
import { CHANNEL_STATUS_LABELS, CHANNEL_STATUS_TONES, formatHandle, isPolled, listEnvVars, providerForPlatform } from "./channel-labels";
import type { Channel, ChannelProvider } from "./channel-types";
import { DisconnectChannel } from "./disconnect-channel";

/**
 * One connected channel. Admins get the auto-reply switch, Reconnect (when the platform revoked
 * access) and Disconnect; everyone else reads the same facts as text.
 */
export function ChannelRow({ channel, canManage, providers }: { channel: Channel; canManage: boolean; providers: readonly ChannelProvider[] }) {
  const handle = formatHandle(channel.handle);
  const providerId = providerForPlatform(channel.platform);
  const provider = providers.find((p) => p.id === providerId);
  const needsReauth = channel.status === "NEEDS_REAUTH";
  const active = channel.status !== "DISCONNECTED";

  return (
    <li className="flex flex-col gap-3 py-4 sm:flex-row sm:items-center sm:justify-between">
      <div className="min-w-0">
        <p className="flex flex-wrap items-center gap-2">
          <PlatformBadge platform={channel.platform} />
          <span className="break-words text-sm font-medium text-slate-900">{channel.name}</span>
          {handle && handle !== `@${channel.name}` ? <span className="text-sm text-slate-500">{handle}</span> : null}
        </p>
        <p className="mt-1.5 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-500">
          <Badge tone={CHANNEL_STATUS_TONES[channel.status]}>{CHANNEL_STATUS_LABELS[channel.status]}</Badge>
          <span>Connected {channel.connectedAt.toLocaleDateString()}</span>
          <span>· {channel.lastEventAt ? `Last message received ${formatDateTime(channel.lastEventAt)}` : "No messages received yet"}</span>
          {isPolled(channel.platform) && active ? (
            <span>· {channel.lastPolledAt ? `Last checked ${formatDateTime(channel.lastPolledAt)}` : "Not checked yet"}</span>
          ) : null}
          {canManage ? null : <span>· Auto-reply {channel.autoReplyEnabled ? "on" : "off"}</span>}
        </p>
        {needsReauth && canManage && provider && !provider.configured ? (
          <p className="mt-1.5 text-xs text-amber-800">
            Reconnecting needs {providerId ? listEnvVars(providerId) : "this platform's credentials"} set on the server.
          </p>
        ) : null}
      </div>
      {canManage ? (
        <div className="flex flex-wrap items-center gap-3 sm:justify-end">
          {active ? <AutoReplyToggle channel={channel} /> : null}
          {needsReauth && provider?.configured ? (
            // A plain <a>: the start route redirects to the platform's consent page.
            <a href={provider.startUrl} aria-label={`Reconnect ${channel.name}`} className={buttonClasses("secondary", "sm")}>Reconnect</a>
          ) : null}
          {/* The Demo channel belongs to every workspace and has no platform access to give up. */}
          {active && channel.platform !== "DEMO" ? <DisconnectChannel channel={channel} /> : null}
        </div>
      ) : null}
    </li>
  );
}
