"use client";

import { useMutation } from "@tanstack/react-query";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { useTRPC } from "@/lib/trpc/client";
import { ShownMailNotice } from "./shown-mail";

/** "Send the link again" for an address waiting for confirmation; the answer never says whether it has an account. */
export function ResendConfirmation({ email, callbackUrl }: { email: string; callbackUrl?: string }) {
  const trpc = useTRPC();
  const resend = useMutation(trpc.account.resendConfirmation.mutationOptions());
  const failure = resend.error ? readTrpcError(resend.error) : null;
  return (
    <div className="mt-3">
      <Button variant="secondary" size="sm" pending={resend.isPending} onClick={() => resend.mutate({ email, callbackUrl })}>
        Send the link again
      </Button>
      {resend.isSuccess ? (
        <p className="mt-2 text-sm text-slate-600" role="status">
          If an account at this address is waiting for confirmation, a new link is on its way. Nothing after a few minutes? Try again.
        </p>
      ) : null}
      {failure ? <Notice tone="error" className="mt-2">{failure.message}</Notice> : null}
      {resend.data?.shownMail ? <ShownMailNotice mail={resend.data.shownMail} /> : null}
    </div>
  );
}
