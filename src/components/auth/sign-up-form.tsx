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
import { PasswordRules } from "./password-rules";
import { withCallback } from "./safe-callback-url";

type Props = { callbackUrl: string; signInCallbackUrl?: string };

export function SignUpForm({ callbackUrl, signInCallbackUrl }: Props) {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [signInFailed, setSignInFailed] = useState(false);
  const signUp = useMutation(trpc.account.signUp.mutationOptions());
  const failure = signUp.error ? readTrpcError(signUp.error) : null;
  const fieldError = (field: string) => (failure ? firstFieldError(failure.fieldErrors, field) : undefined);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSignInFailed(false);
    try {
      await signUp.mutateAsync({ name, email, password });
    } catch {
      return; // shown from signUp.error
    }
    const result = await signIn("credentials", { email, password, redirect: false }).catch(() => undefined);
    if (!result?.ok || result.error) {
      setSignInFailed(true);
      return;
    }
    router.replace(callbackUrl);
    router.refresh();
  }

  const busy = signUp.isPending || (signUp.isSuccess && !signInFailed);
  return (
    <div>
      {failure ? (
        <Notice tone="error" className="mb-5">
          {failure.message}
          {failure.code === "CONFLICT" ? (
            <>
              {" "}
              <Link href={withCallback("/sign-in", signInCallbackUrl)} className="font-semibold underline">Go to sign in</Link>
            </>
          ) : null}
        </Notice>
      ) : null}
      {signInFailed ? (
        <Notice tone="warning" className="mb-5">
          Your account is ready, but we couldn’t sign you in automatically.{" "}
          <Link href={withCallback("/sign-in", signInCallbackUrl)} className="font-semibold underline">Sign in</Link>
        </Notice>
      ) : null}
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <TextField label="Your name" name="name" autoComplete="name" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} error={fieldError("name")} />
        <TextField label="Work email" type="email" name="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={fieldError("email")} />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="new-password"
          required
          maxLength={200}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fieldError("password")}
          hint={<PasswordRules password={password} />}
        />
        <Button type="submit" className="w-full" pending={busy}>
          Create account
        </Button>
      </form>
      <p className="mt-6 text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link href={withCallback("/sign-in", signInCallbackUrl)} className="font-medium text-brand-600 hover:underline focus-visible:outline-2 focus-visible:outline-brand-500">
          Sign in
        </Link>
      </p>
    </div>
  );
}
