import type { Metadata } from "next";
import { AccountSettings } from "@/components/account/account-settings";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Your account · Leadline" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AccountPage({ searchParams }: Props) {
  const params = await searchParams;
  const sso = typeof params.sso === "string" ? params.sso : null;
  return (
    <>
      <PageHeader title="Your account" description="How you sign in to Leadline, in every workspace." />
      <AccountSettings ssoResult={sso} />
    </>
  );
}
