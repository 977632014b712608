"use client";

import { useQuery } from "@tanstack/react-query";
import { ErrorPanel } from "@/components/errors/error-panel";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { LoadingPanel } from "@/components/ui/loading-panel";
import { useTRPC } from "@/lib/trpc/client";
import { PROVIDER_CONNECT_LABELS, PROVIDER_ENV_VARS, type ProviderId } from "./channel-labels";

/** Admins only: one button per OAuth provider; a provider the server lacks credentials for is disabled and says what to set. */
export function ConnectChannel() {
  const trpc = useTRPC();
  const providers = useQuery(trpc.channels.providers.queryOptions());

  if (providers.isPending) return <LoadingPanel label="Loading platforms" />;
  if (providers.isError) {
    return <ErrorPanel title="We couldn't load the platforms" error={providers.error} onRetry={() => void providers.refetch()} retrying={providers.isFetching} />;
  }

  return (
    <Card
      title="Connect a channel"
      description="You sign in on the platform, choose what Leadline may access, then pick the accounts to connect here."
    >
      <ul className="grid gap-4 sm:grid-cols-2">
        {providers.data.map((p) => {
          const hintId = `connect-${p.id}-hint`;
          return (
            <li key={p.id} className="space-y-1.5">
              {p.configured ? (
                // A plain <a>: the start route redirects to the platform's consent page, off this app.
                <a href={p.startUrl} className={buttonClasses("primary", "md", "w-full sm:w-auto")}>{PROVIDER_CONNECT_LABELS[p.id]}</a>
              ) : (
                <>
                  <Button variant="secondary" disabled aria-describedby={hintId} className="w-full sm:w-auto">{PROVIDER_CONNECT_LABELS[p.id]}</Button>
                  <p id={hintId} className="text-xs text-slate-500">
                    Not set up on this server: set <EnvVars provider={p.id} /> (README, section “Channels”).
                  </p>
                </>
              )}
            </li>
          );
        })}
      </ul>
    </Card>
  );
}

/** "META_APP_ID and META_APP_SECRET", each name in code type. */
function EnvVars({ provider }: { provider: ProviderId }) {
  const vars = PROVIDER_ENV_VARS[provider];
  return vars.map((name, i) => (
    <span key={name}>
      {i === 0 ? null : i === vars.length - 1 ? " and " : ", "}
      <code className="font-mono text-slate-700">{name}</code>
    </span>
  ));
}
