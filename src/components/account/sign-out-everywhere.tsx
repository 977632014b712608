"use client";

import { useMutation } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useTRPC } from "@/lib/trpc/client";

/** Ends every session of this account (a lost phone, a shared computer), this one included. */
export function SignOutEverywhere() {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const revoke = useMutation(trpc.sessions.signOutEverywhere.mutationOptions({ onSuccess: () => void signOut({ callbackUrl: "/sign-in" }) }));
  return (
    <Card title="Sessions" description="Signed in on a device you no longer use? End every session of your account, this one included.">
      <Button variant="secondary" onClick={() => setOpen(true)}>Sign out everywhere</Button>
      <ConfirmDialog
        open={open}
        title="Sign out everywhere?"
        confirmLabel="Sign out everywhere"
        pending={revoke.isPending || revoke.isSuccess}
        error={revoke.error ? readTrpcError(revoke.error).message : null}
        onConfirm={() => revoke.mutate()}
        onCancel={() => setOpen(false)}
      >
        Every browser and device signed in to your account, including this one, will need to sign in again.
      </ConfirmDialog>
    </Card>
  );
}
