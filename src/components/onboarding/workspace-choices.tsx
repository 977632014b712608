"use client";

import { useRouter } from "next/navigation";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { RoleBadge } from "@/components/ui/role-badge";
import type { Role } from "@/components/workspace/role";
import { useSwitchWorkspace } from "@/components/workspace/use-switch-workspace";

type Workspace = { id: string; name: string; role: Role };

/** The workspaces the user already belongs to, each with an "Open" (switch) action. */
export function WorkspaceChoices({ workspaces }: { workspaces: Workspace[] }) {
  const router = useRouter();
  const switcher = useSwitchWorkspace();
  const opening = switcher.isPending || switcher.isSuccess ? switcher.variables?.workspaceId : undefined;

  return (
    <div className="space-y-3">
      {switcher.error ? <Notice tone="error">{readTrpcError(switcher.error).message}</Notice> : null}
      <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200">
        {workspaces.map((w) => (
          <li key={w.id} className="flex items-center justify-between gap-3 px-4 py-3">
            <div className="min-w-0">
              <p className="truncate text-sm font-medium text-slate-900">{w.name}</p>
              <RoleBadge role={w.role} />
            </div>
            <Button
              variant="secondary"
              size="sm"
              pending={opening === w.id}
              disabled={opening !== undefined}
              aria-label={`Open ${w.name}`}
              onClick={() => switcher.mutate({ workspaceId: w.id }, { onSuccess: () => router.replace("/inbox") })}
            >
              Open
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}
