"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { ErrorPanel } from "@/components/errors/error-panel";
import { LoadingPanel } from "@/components/ui/loading-panel";
import { useSwitchWorkspace } from "@/components/workspace/use-switch-workspace";

/**
 * Shown when no (or a stale) workspace cookie is set but the user has workspaces: server
 * components cannot set cookies, so this asks the API to make one active, then re-renders.
 */
export function ActivateWorkspace({ workspaceId, name }: { workspaceId: string; name: string }) {
  const router = useRouter();
  const switcher = useSwitchWorkspace();
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    switcher.mutate({ workspaceId }, { onSuccess: () => router.refresh() });
  }, [switcher, workspaceId, router]);

  return (
    <div className="mx-auto max-w-md px-6 py-24">
      {switcher.error ? (
        <ErrorPanel
          title={`We couldn't open ${name}`}
          error={switcher.error}
          retrying={switcher.isPending}
          onRetry={() => switcher.mutate({ workspaceId }, { onSuccess: () => router.refresh() })}
        />
      ) : (
        <LoadingPanel label={`Opening ${name}`} />
      )}
    </div>
  );
}
