import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeCallbackUrl } from "@/components/auth/safe-callback-url";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { EntryCard } from "@/components/ui/entry-card";
import { currentUserId } from "../../_lib/session";

export const metadata: Metadata = { title: "Create your account · Leadline" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignUpPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl, "/onboarding");
  if (await currentUserId()) redirect(callbackUrl);
  const passAlong = params.callbackUrl ? callbackUrl : undefined;
  return (
    <EntryCard title="Create your account" description="Start with your own account; you'll set up or join a workspace next.">
      <SignUpForm callbackUrl={callbackUrl} signInCallbackUrl={passAlong} />
    </EntryCard>
  );
}
