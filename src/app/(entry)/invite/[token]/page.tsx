import type { Metadata } from "next";
import Link from "next/link";
import { withCallback } from "@/components/auth/safe-callback-url";
import { AcceptInvitation } from "@/components/invite/accept-invitation";
import { buttonClasses } from "@/components/ui/button";
import { EntryCard } from "@/components/ui/entry-card";
import { currentUserId } from "../../../_lib/session";

export const metadata: Metadata = { title: "Join a workspace · Leadline" };

type Props = { params: Promise<{ token: string }> };

export default async function InvitePage({ params }: Props) {
  const { token } = await params;
  const invitePath = `/invite/${encodeURIComponent(token)}`;
  const signedIn = (await currentUserId()) !== null;

  if (!signedIn) {
    return (
      <EntryCard title="You've been invited to Leadline" description="Sign in, or create an account with the email address the invitation was sent to. You'll come back here to join.">
        <div className="space-y-3">
          <Link href={withCallback("/sign-up", invitePath)} className={buttonClasses("primary", "md", "w-full")}>Create an account</Link>
          <Link href={withCallback("/sign-in", invitePath)} className={buttonClasses("secondary", "md", "w-full")}>I already have an account</Link>
        </div>
      </EntryCard>
    );
  }

  return (
    <EntryCard title="Join your team on Leadline" description="You've been invited to a Leadline workspace. Join to start working with your team.">
      <AcceptInvitation token={token} invitePath={invitePath} />
    </EntryCard>
  );
}
