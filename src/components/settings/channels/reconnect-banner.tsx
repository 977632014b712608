"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { buttonClasses } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { useActiveWorkspace } from "@/components/workspace/active-workspace";
import { useTRPC } from "@/lib/trpc/client";
import { PROVIDER_RECONNECT_LABELS, providerForPlatform, type ProviderId } from "./channel-labels";
import { describeReconnect } from "./describe-reconnect";

const CHANNELS_PAGE = "/settings/channels";

/**
 * Warns that channels lost their platform access (NEEDS_REAUTH). Admins get a Reconnect link per
 * provider (a full navigation to the OAuth start route, which redirects to the consent page);
 * everyone else is told to ask an admin. `inShell` renders nothing on the Channels page, which
 * shows its own copy in place. Loading or failing quietly renders nothing: it is only a banner.
 */
export function ReconnectBanner({ inShell = false, className = "" }: { inShell?: boolean; className?: string }) {
  const trpc = useTRPC();
  const pathname = usePathname();
  const { role } = useActiveWorkspace();
  const isAdmin = role === "ADMIN";
  const hidden = inShell && pathname === CHANNELS_PAGE;
  const channels = useQuery({ ...trpc.channels.list.queryOptions(), enabled: !hidden });
  const providers = useQuery({ ...trpc.channels.providers.queryOptions(), enabled: !hidden && isAdmin });

  const needing = (channels.data ?? []).filter((c) => c.status === "NEEDS_REAUTH");
  const described = hidden ? null : describeReconnect(needing, isAdmin);
  if (!described) return null;

  const providerIds = [...new Set(needing.map((c) => providerForPlatform(c.platform)).filter((p): p is ProviderId => p !== null))];
  const links = providerIds.map((id) => ({ id, provider: providers.data?.find((p) => p.id === id && p.configured) }));

  return (
    <Notice tone="warning" title={described.title} className={className}>
      <p>{described.body}</p>
      {isAdmin ? (
        <div className="mt-3 flex flex-wrap gap-2">
          {links.map(({ id, provider }) =>
            provider ? (
              // A plain <a>: the start route redirects off-site, which a client-side Link cannot follow.
              <a key={id} href={provider.startUrl} className={buttonClasses("secondary", "sm")}>{PROVIDER_RECONNECT_LABELS[id]}</a>
            ) : null,
          )}
          {inShell ? <Link href={CHANNELS_PAGE} className={buttonClasses("ghost", "sm")}>Open Channels</Link> : null}
        </div>
      ) : null}
    </Notice>
  );
}
