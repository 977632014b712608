"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { firstFieldError, readTrpcError } from "@/components/errors/read-trpc-error";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/form-fields";
import { Notice } from "@/components/ui/notice";
import { useTRPC } from "@/lib/trpc/client";
import { withCallback } from "./safe-callback-url";

export function ConfirmEmailForm({ token, callbackUrl }: { token: string; callbackUrl: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [password, setPassword] = useState("");
  const [signInFailed, setSignInFailed] = useState(false);
  const confirm = useMutation(trpc.account.confirmEmail.mutationOptions());
  const failure = confirm.error ? readTrpcError(confirm.error) : null;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSignInFailed(false);
    let email: string;
    try {
      ({ email } = await confirm.mutateAsync({ token, password }));
    } catch {
      return; // shown from confirm.error
    }
    const result = await signIn("credentials", { email, password, redirect: false }).catch(() => undefined);
    if (!result?.ok || result.error) {
      setSignInFailed(true);
      return;
    }
    router.replace(callbackUrl);
    router.refresh();
  }

  if (!token) {
    return (
      <Notice tone="error">
        This link is incomplete. Open it again from the email, or <Link href="/sign-in" className="font-semibold underline">sign in</Link> to ask for a new one.
      </Notice>
    );
  }

  const busy = confirm.isPending || (confirm.isSuccess && !signInFailed);
  return (
    <div>
      {failure ? (
        <Notice tone="error" className="mb-5">
          {firstFieldError(failure.fieldErrors, "token") ?? failure.message}
          {failure.code === "CONFLICT" || failure.code === "BAD_REQUEST" ? (
            <>
              {" "}
              <Link href={withCallback("/sign-in", callbackUrl)} className="font-semibold underline">Go to sign in</Link>
            </>
          ) : null}
        </Notice>
      ) : null}
      {signInFailed ? (
        <Notice tone="warning" className="mb-5">
          Your email is confirmed, but we couldn’t sign you in automatically.{" "}
          <Link href={withCallback("/sign-in", callbackUrl)} className="font-semibold underline">Sign in</Link>
        </Notice>
      ) : null}
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          maxLength={200}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={failure ? firstFieldError(failure.fieldErrors, "password") : undefined}
        />
        <Button type="submit" className="w-full" pending={busy}>
          Confirm and sign in
        </Button>
      </form>
    </div>
  );
}
