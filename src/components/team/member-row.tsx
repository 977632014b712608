"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import type { RouterOutputs } from "@/components/trpc/router-types";
import { Button } from "@/components/ui/button";
import { inputClasses } from "@/components/ui/form-fields";
import { RoleBadge } from "@/components/ui/role-badge";
import { ROLE_LABELS, ROLES, type Role } from "@/components/workspace/role";
import { useTRPC } from "@/lib/trpc/client";

export type Member = RouterOutputs["members"]["list"][number];

/** One member: role picker and two-step remove for admins, plain badge for everyone else. */
export function MemberRow({ member, canManage, isMe }: { member: Member; canManage: boolean; isMe: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey() });
    if (isMe) router.refresh(); // your own role changed: the shell and pages adapt
  };
  const changeRole = useMutation(trpc.members.changeRole.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.members.remove.mutationOptions({ onSuccess: refresh }));
  const error = changeRole.error ?? remove.error;
  const label = member.name ?? member.email;

  return (
    <tr className="align-top">
      <td className="px-4 py-3">
        <p className="text-sm font-medium text-slate-900">{label}{isMe ? <span className="ml-1 font-normal text-slate-500">(you)</span> : null}</p>
        {member.name ? <p className="text-xs text-slate-500">{member.email}</p> : null}
        {error ? <p role="alert" className="mt-1 text-xs font-medium text-red-700">{readTrpcError(error).message}</p> : null}
      </td>
      <td className="px-4 py-3">
        {canManage ? (
          <select
            aria-label={`Role for ${label}`}
            value={changeRole.isPending ? changeRole.variables.role : member.role}
            disabled={changeRole.isPending}
            onChange={(e) => changeRole.mutate({ membershipId: member.id, role: e.target.value as Role })}
            className={`${inputClasses} w-32 py-1.5`}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>{ROLE_LABELS[r]}</option>
            ))}
          </select>
        ) : (
          <RoleBadge role={member.role} />
        )}
      </td>
      <td className="hidden px-4 py-3 text-sm text-slate-500 sm:table-cell">{member.createdAt.toLocaleDateString()}</td>
      {canManage ? (
        <td className="px-4 py-3 text-right">
          {isMe ? null : confirming ? (
            <span className="inline-flex gap-2">
              <Button variant="danger" size="sm" pending={remove.isPending} onClick={() => remove.mutate({ membershipId: member.id })}>Remove {label}</Button>
              <Button variant="ghost" size="sm" onClick={() => setConfirming(false)}>Cancel</Button>
            </span>
          ) : (
            <Button variant="ghost" size="sm" aria-label={`Remove ${label}`} onClick={() => setConfirming(true)}>Remove</Button>
          )}
        </td>
      ) : null}
    </tr>
  );
}
