import type { Metadata } from "next";
import { ChannelsSettings } from "@/components/settings/channels/channels-settings";
import { readConnectParams } from "@/components/settings/channels/read-connect-params";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Channels · Leadline" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The OAuth callback lands here with `?connect=<flowId>` (pick accounts) or `?error=<code>`. */
export default async function ChannelsPage({ searchParams }: Props) {
  const params = readConnectParams(await searchParams);
  return (
    <>
      <PageHeader title="Channels" description="The Facebook Pages, Instagram accounts and X accounts whose messages come into Leadline." />
      <ChannelsSettings params={params} />
    </>
  );
}
