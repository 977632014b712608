"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import { Card } from "@/components/ui/card";
import { CheckboxField } from "@/components/ui/form-fields";
import { useActiveWorkspace } from "@/components/workspace/active-workspace";
import { useTRPC } from "@/lib/trpc/client";

/**
 * Settings → Inbox: auto-assignment of new conversations (off by default). Admins change it;
 * others see it read-only (the server refuses their change anyway).
 */
export function InboxAutoAssignSetting() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { role } = useActiveWorkspace();
  const settings = useQuery(trpc.inbox.settings.queryOptions());
  const save = useMutation(trpc.inbox.setAutoAssign.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.inbox.settings.queryFilter()) }));
  const checked = save.isPending ? save.variables.enabled : (settings.data?.autoAssign ?? false);

  return (
    <Card title="Inbox assignment" description="Who answers new conversations.">
      <CheckboxField
        label="Assign new conversations automatically"
        description="Each new conversation goes to an agent, taking turns: the agent with the fewest open conversations first. Admins and viewers are never picked; anyone can still reassign."
        checked={checked}
        disabled={role !== "ADMIN" || settings.isPending || save.isPending}
        onChange={(e) => save.mutate({ enabled: e.target.checked })}
      />
      {role !== "ADMIN" ? <p className="mt-2 text-xs text-slate-500">Only admins can change this.</p> : null}
      {settings.isError ? <p role="alert" className="mt-2 text-xs text-red-700">{readTrpcError(settings.error).message}</p> : null}
      {save.isError ? <p role="alert" className="mt-2 text-xs text-red-700">{readTrpcError(save.error).message}</p> : null}
    </Card>
  );
}
