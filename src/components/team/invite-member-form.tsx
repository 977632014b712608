"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { firstFieldError, readTrpcError } from "@/components/errors/read-trpc-error";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CopyField } from "@/components/ui/copy-field";
import { SelectField, TextField } from "@/components/ui/form-fields";
import { Notice } from "@/components/ui/notice";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES, type Role } from "@/components/workspace/role";
import { useTRPC } from "@/lib/trpc/client";

/** Admins invite by email and role; the invite link is shown to copy and share. */
export function InviteMemberForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("AGENT");
  const invite = useMutation(
    trpc.invitations.create.mutationOptions({
      onSuccess: async () => {
        setEmail("");
        await queryClient.invalidateQueries({ queryKey: trpc.invitations.list.queryKey() });
      },
    }),
  );
  const failure = invite.error ? readTrpcError(invite.error) : null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    invite.mutate({ email, role });
  }

  return (
    <Card title="Invite a teammate" description="Invitations are valid for 7 days and work only for the email address you enter.">
      <form onSubmit={onSubmit} noValidate className="grid gap-4 sm:grid-cols-[1fr_12rem_auto] sm:items-start">
        <TextField label="Email address" type="email" name="inviteEmail" autoComplete="off" required value={email} onChange={(e) => setEmail(e.target.value)} error={failure ? firstFieldError(failure.fieldErrors, "email") : undefined} />
        <SelectField label="Role" name="inviteRole" value={role} onChange={(e) => setRole(e.target.value as Role)} hint={ROLE_DESCRIPTIONS[role]}>
          {ROLES.map((r) => (
            <option key={r} value={r}>{ROLE_LABELS[r]}</option>
          ))}
        </SelectField>
        <Button type="submit" className="sm:mt-7" pending={invite.isPending}>Send invite</Button>
      </form>
      {failure && !failure.fieldErrors.email ? <Notice tone="error" className="mt-4">{failure.message}</Notice> : null}
      {invite.data ? (
        <div className="mt-5 rounded-lg border border-emerald-200 bg-emerald-50/60 p-4">
          <CopyField
            label="Invite link"
            value={invite.data.link}
            hint={`${invite.data.mail === "sent" ? "We emailed this link to the address you entered. " : "The invitation email could not be sent. "}Share this link with the person you invited as ${ROLE_LABELS[invite.data.role].toLowerCase()}. It is shown only once.`}
          />
        </div>
      ) : null}
    </Card>
  );
}
