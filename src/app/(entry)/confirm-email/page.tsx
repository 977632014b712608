import type { Metadata } from "next";
import { ConfirmEmailForm } from "@/components/auth/confirm-email-form";
import { safeCallbackUrl } from "@/components/auth/safe-callback-url";
import { EntryCard } from "@/components/ui/entry-card";

export const metadata: Metadata = { title: "Confirm your email · Leadline" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * Where the confirmation link lands. Opening it changes nothing (mail scanners open links too):
 * the person confirms with the password they chose, which also signs them in.
 */
export default async function ConfirmEmailPage({ searchParams }: Props) {
  const params = await searchParams;
  const token = typeof params.token === "string" ? params.token : "";
  const callbackUrl = safeCallbackUrl(params.callbackUrl, "/onboarding");
  return (
    <EntryCard title="Confirm your email" description="Enter the password you chose when you signed up to confirm this address and sign in.">
      <ConfirmEmailForm token={token} callbackUrl={callbackUrl} />
    </EntryCard>
  );
}
