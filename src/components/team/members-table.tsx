"use client";

import { useQuery } from "@tanstack/react-query";
import { ErrorPanel } from "@/components/errors/error-panel";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadingPanel } from "@/components/ui/loading-panel";
import { useTRPC } from "@/lib/trpc/client";
import { MemberRow } from "./member-row";

export function MembersTable({ canManage, myUserId }: { canManage: boolean; myUserId: string }) {
  const trpc = useTRPC();
  const members = useQuery(trpc.members.list.queryOptions());

  if (members.isPending) return <LoadingPanel label="Loading members" />;
  if (members.isError) return <ErrorPanel title="We couldn't load the team" error={members.error} onRetry={() => void members.refetch()} retrying={members.isFetching} />;
  if (members.data.length === 0) return <EmptyState title="No members yet" />;

  return (
    <Card title="Members" description={`${members.data.length} ${members.data.length === 1 ? "person" : "people"} in this workspace.`}>
      <div className="-mx-5 -my-5 overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-100">
          <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-4 py-2.5">Member</th>
              <th scope="col" className="px-4 py-2.5">Role</th>
              <th scope="col" className="hidden px-4 py-2.5 sm:table-cell">Joined</th>
              {canManage ? <th scope="col" className="px-4 py-2.5"><span className="sr-only">Actions</span></th> : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {members.data.map((m) => (
              <MemberRow key={m.id} member={m} canManage={canManage} isMe={m.userId === myUserId} />
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
