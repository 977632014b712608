"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signOut } from "next-auth/react";
import { Button, buttonClasses } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { useSwitchWorkspace } from "@/components/workspace/use-switch-workspace";
import { useTRPC } from "@/lib/trpc/client";
import { describeInvitationError } from "./describe-invitation-error";

/**
 * Accepting does not change the active workspace, so on success the new workspace is switched
 * to explicitly before opening its settings.
 */
export function AcceptInvitation({ token, invitePath }: { token: string; invitePath: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const switcher = useSwitchWorkspace();
  const accept = useMutation(
    trpc.invitations.accept.mutationOptions({
      onSuccess: ({ workspaceId }) => switcher.mutate({ workspaceId }, { onSuccess: () => router.replace("/settings") }),
    }),
  );
  const busy = accept.isPending || switcher.isPending || switcher.isSuccess;

  if (accept.error) {
    const problem = describeInvitationError(accept.error);
    return (
      <div className="space-y-5">
        <Notice tone="error" title={problem.title}>{problem.message}</Notice>
        <div className="flex flex-wrap gap-3">
          {problem.wrongAccount ? (
            <Button variant="primary" onClick={() => void signOut({ callbackUrl: `/sign-in?${new URLSearchParams({ callbackUrl: invitePath })}` })}>
              Sign in with another account
            </Button>
          ) : null}
          <Link href="/onboarding" className={buttonClasses("secondary")}>Go to my workspaces</Link>
        </div>
      </div>
    );
  }

  return (
    <div className="space-y-4">
      {switcher.error ? (
        <Notice tone="warning" title="You joined the workspace">
          We couldn’t open it automatically. <Link href="/onboarding" className="font-semibold underline">Choose it from your workspaces</Link>.
        </Notice>
      ) : null}
      <Button className="w-full" size="lg" pending={busy} disabled={switcher.isError} onClick={() => accept.mutate({ token })}>
        Join workspace
      </Button>
      <p className="text-center text-xs text-slate-500">You’ll join with the role your admin chose.</p>
    </div>
  );
}
