"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/form-fields";
import { Notice } from "@/components/ui/notice";
import { describeSignInError, EMAIL_NOT_CONFIRMED } from "./describe-sign-in-error";
import { ResendConfirmation } from "./resend-confirmation";
import { withCallback } from "./safe-callback-url";
import { SsoButton } from "./sso-button";

type Props = { callbackUrl: string; initialError: string | null; signUpCallbackUrl?: string };

export function SignInForm({ callbackUrl, initialError, signUpCallbackUrl }: Props) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(describeSignInError(initialError));
  const [pending, setPending] = useState(false);
  // The address whose password was right but whose email is not confirmed: offer a new link.
  const [unconfirmed, setUnconfirmed] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    setUnconfirmed(null);
    try {
      const result = await signIn("credentials", { email, password, redirect: false });
      if (!result?.ok || result.error) {
        setError(describeSignInError(result?.error ?? "CredentialsSignin"));
        if (result?.error === EMAIL_NOT_CONFIRMED) setUnconfirmed(email);
        setPending(false);
        return;
      }
      router.replace(callbackUrl);
      router.refresh();
    } catch {
      setError("We couldn't reach Leadline. Check your connection and try again.");
      setPending(false);
    }
  }

  return (
    <div>
      {error ? (
        <Notice tone="error" className="mb-5">
          {error}
          {unconfirmed ? <ResendConfirmation email={unconfirmed} callbackUrl={callbackUrl} /> : null}
        </Notice>
      ) : null}
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <TextField label="Email" type="email" name="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <TextField label="Password" type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        <Button type="submit" className="w-full" pending={pending}>
          Sign in
        </Button>
      </form>
      <SsoButton callbackUrl={callbackUrl} />
      <p className="mt-6 text-center text-sm text-slate-600">
        New to Leadline?{" "}
        <Link href={withCallback("/sign-up", signUpCallbackUrl)} className="font-medium text-brand-600 hover:underline focus-visible:outline-2 focus-visible:outline-brand-500">
          Create an account
        </Link>
      </p>
    </div>
  );
}
