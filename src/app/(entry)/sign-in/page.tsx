import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeCallbackUrl } from "@/components/auth/safe-callback-url";
import { SignInForm } from "@/components/auth/sign-in-form";
import { EntryCard } from "@/components/ui/entry-card";
import { currentUserId } from "../../_lib/session";

export const metadata: Metadata = { title: "Sign in · Leadline" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl, "/inbox");
  if (await currentUserId()) redirect(callbackUrl);
  const error = typeof params.error === "string" ? params.error : null;
  const passAlong = params.callbackUrl ? callbackUrl : undefined;
  return (
    <EntryCard title="Sign in to Leadline" description="Welcome back. Your leads are waiting.">
      <SignInForm callbackUrl={callbackUrl} initialError={error} signUpCallbackUrl={passAlong} />
    </EntryCard>
  );
}
