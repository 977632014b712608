"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { readTrpcError } from "@/components/errors/read-trpc-error";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { LoadingPanel } from "@/components/ui/loading-panel";
import { Notice } from "@/components/ui/notice";
import { useTRPC } from "@/lib/trpc/client";
import { ChangePasswordForm } from "./change-password-form";
import { describeSsoResult } from "./describe-sso-result";
import { SignOutEverywhere } from "./sign-out-everywhere";

/** The signed-in person's own account: their address, their single sign-on link, their password and sessions. */
export function AccountSettings({ ssoResult }: { ssoResult: string | null }) {
  const trpc = useTRPC();
  const me = useQuery(trpc.account.me.queryOptions());
  const startLink = useMutation(trpc.account.startSsoLink.mutationOptions());
  const result = describeSsoResult(ssoResult);
  const failure = startLink.error ? readTrpcError(startLink.error) : null;

  async function link() {
    try {
      await startLink.mutateAsync();
    } catch {
      return; // shown from startLink.error
    }
    // The server bound the request to this session (an httpOnly cookie); the provider comes back here.
    await signIn("oidc", { callbackUrl: "/account?sso=linked" });
  }

  if (me.isPending) return <LoadingPanel />;
  if (me.error) return <Notice tone="error">{readTrpcError(me.error).message}</Notice>;
  const account = me.data;
  const firstLinked = account.identities[0]?.linkedAt;

  return (
    <div className="space-y-6">
      {result ? <Notice tone={result.tone}>{result.message}</Notice> : null}
      <Card title="Email">
        <p className="text-sm text-slate-700">
          {account.email} · {account.emailVerified ? "confirmed" : "not confirmed yet"}
        </p>
      </Card>
      {account.sso ? (
        <Card
          title="Single sign-on"
          description={`Sign in with ${account.sso.name} as well as with your password. Linking asks you to sign in with ${account.sso.name} within 10 minutes, in this browser.`}
        >
          <p className="text-sm text-slate-700">
            {firstLinked
              ? `Linked (${account.identities.length === 1 ? "one identity" : `${account.identities.length} identities`}) since ${firstLinked.toLocaleDateString()}.`
              : "No single sign-on identity is linked to this account."}
          </p>
          {failure ? <Notice tone="error" className="mt-3">{failure.message}</Notice> : null}
          <Button className="mt-4" variant="secondary" pending={startLink.isPending || startLink.isSuccess} onClick={() => void link()}>
            Link {account.sso.name} account
          </Button>
        </Card>
      ) : null}
      <ChangePasswordForm />
      <SignOutEverywhere />
    </div>
  );
}
