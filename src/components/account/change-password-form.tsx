"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { PasswordRules } from "@/components/auth/password-rules";
import { firstFieldError, readTrpcError } from "@/components/errors/read-trpc-error";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/form-fields";
import { Notice } from "@/components/ui/notice";
import { useTRPC } from "@/lib/trpc/client";

/** Change the password: this browser stays signed in, every other session is signed out. */
export function ChangePasswordForm() {
  const trpc = useTRPC();
  const [currentPassword, setCurrent] = useState("");
  const [newPassword, setNew] = useState("");
  const change = useMutation(
    trpc.sessions.changePassword.mutationOptions({
      onSuccess: () => {
        setCurrent("");
        setNew("");
      },
    }),
  );
  const failure = change.error ? readTrpcError(change.error) : null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    change.mutate({ currentPassword, newPassword });
  }

  return (
    <Card title="Password" description="Changing it signs you out on every other device and browser.">
      <form onSubmit={onSubmit} noValidate className="grid max-w-md gap-4">
        <TextField label="Current password" type="password" name="currentPassword" autoComplete="current-password" required value={currentPassword} onChange={(e) => setCurrent(e.target.value)} error={failure ? firstFieldError(failure.fieldErrors, "currentPassword") : undefined} />
        <TextField label="New password" type="password" name="newPassword" autoComplete="new-password" required value={newPassword} onChange={(e) => setNew(e.target.value)} hint={<PasswordRules password={newPassword} />} error={failure ? firstFieldError(failure.fieldErrors, "newPassword") : undefined} />
        <div>
          <Button type="submit" pending={change.isPending}>Change password</Button>
        </div>
      </form>
      {failure && !failure.fieldErrors.currentPassword && !failure.fieldErrors.newPassword ? <Notice tone="error" className="mt-4">{failure.message}</Notice> : null}
      {change.isSuccess ? <Notice tone="success" className="mt-4">Password changed. Other sessions are signed out.</Notice> : null}
    </Card>
  );
}
