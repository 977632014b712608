"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId } from "react";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import type { Role } from "@/components/workspace/role";
import { useSwitchWorkspace } from "@/components/workspace/use-switch-workspace";
import { useTRPC } from "@/lib/trpc/client";

type Workspace = { id: string; name: string; slug: string; role: Role };

const NEW_WORKSPACE = "__new__";

/** Lists the user's workspaces (workspace.mine) and switches between them. */
export function WorkspaceSwitcher({ activeId, initial }: { activeId: string; initial: Workspace[] }) {
  const id = useId();
  const trpc = useTRPC();
  const router = useRouter();
  const mine = useQuery(trpc.workspace.mine.queryOptions());
  const switcher = useSwitchWorkspace();
  // The server's list comes from the same request as `activeId`; cached data can lag behind it
  // (a workspace created a moment ago), so it is used only when it knows the active workspace.
  const workspaces = mine.data?.some((w) => w.id === activeId) ? mine.data : initial;

  function onChange(value: string) {
    if (value === NEW_WORKSPACE) return router.push("/onboarding");
    switcher.mutate({ workspaceId: value }, { onSuccess: () => router.refresh() });
  }

  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-xs font-medium uppercase tracking-wide text-slate-500">
        Workspace
      </label>
      <select
        id={id}
        value={switcher.isPending ? switcher.variables.workspaceId : activeId}
        disabled={switcher.isPending}
        onChange={(e) => onChange(e.target.value)}
        className="block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-900 shadow-sm focus:border-brand-500 focus:outline-2 focus:outline-brand-500/30 disabled:opacity-60"
      >
        {workspaces.map((w) => (
          <option key={w.id} value={w.id}>{w.name}</option>
        ))}
        <option value={NEW_WORKSPACE}>+ New workspace…</option>
      </select>
      {switcher.error ? <p role="alert" className="mt-1 text-xs text-red-700">{readTrpcError(switcher.error).message}</p> : null}
    </div>
  );
}
