"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { firstFieldError, readTrpcError } from "@/components/errors/read-trpc-error";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/form-fields";
import { Notice } from "@/components/ui/notice";
import { useTRPC } from "@/lib/trpc/client";
import { PasswordRules } from "./password-rules";
import { ResendConfirmation } from "./resend-confirmation";
import { withCallback } from "./safe-callback-url";
import { ShownMailNotice } from "./shown-mail";

type Props = { callbackUrl: string; signInCallbackUrl?: string };

export function SignUpForm({ callbackUrl, signInCallbackUrl }: Props) {
  const trpc = useTRPC();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const signUp = useMutation(trpc.account.signUp.mutationOptions());
  const failure = signUp.error ? readTrpcError(signUp.error) : null;
  const fieldError = (field: string) => (failure ? firstFieldError(failure.fieldErrors, field) : undefined);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    signUp.mutate({ name, email, password, callbackUrl });
  }

  // The same screen whether the address was new or already had an account: the mail tells which.
  if (signUp.data) {
    return (
      <div>
        {signUp.data.mail === "sent" ? (
          <Notice tone="success" title="Check your email">
            We sent a message to <span className="font-medium">{email}</span>. Open the link in it to confirm your address and finish
            signing up; it works for 24 hours.
          </Notice>
        ) : (
          <Notice tone="warning" title="We couldn’t send the email just now">
            Your details are saved. Wait a few minutes, then send the link again.
          </Notice>
        )}
        {signUp.data.shownMail ? <ShownMailNotice mail={signUp.data.shownMail} /> : null}
        <ResendConfirmation email={email} callbackUrl={callbackUrl} />
        <p className="mt-6 text-center text-sm text-slate-600">
          Already confirmed?{" "}
          <Link href={withCallback("/sign-in", signInCallbackUrl)} className="font-medium text-brand-600 hover:underline focus-visible:outline-2 focus-visible:outline-brand-500">
            Sign in
          </Link>
        </p>
      </div>
    );
  }

  return (
    <div>
      {failure ? (
        <Notice tone="error" className="mb-5">
          {failure.message}
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
        <Button type="submit" className="w-full" pending={signUp.isPending}>
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
