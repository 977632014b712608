"use client";

import { ReadOnlyNotice } from "@/components/workspace/read-only-notice";
import { useActiveWorkspace } from "@/components/workspace/active-workspace";
import { InviteMemberForm } from "./invite-member-form";
import { MembersTable } from "./members-table";
import { PendingInvitations } from "./pending-invitations";

/** Admins manage members and invitations; everyone else sees the member list. */
export function TeamSettings() {
  const { role, userId } = useActiveWorkspace();
  const isAdmin = role === "ADMIN";
  return (
    <div className="space-y-6">
      {isAdmin ? <InviteMemberForm /> : <ReadOnlyNotice role={role}>Only admins can invite people or change roles.</ReadOnlyNotice>}
      <MembersTable canManage={isAdmin} myUserId={userId} />
      {isAdmin ? <PendingInvitations /> : null}
    </div>
  );
}
