import type { Metadata } from "next";
import { CrmErasureRequests } from "@/components/privacy/crm-erasure-requests";
import { CrmSettings } from "@/components/settings/crm/crm-settings";
import { readCrmParams } from "@/components/settings/crm/read-crm-params";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "CRM · Leadline" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The CRM OAuth callback lands here with `?connected=<id>` or `?error=<code>`. */
export default async function CrmPage({ searchParams }: Props) {
  const params = readCrmParams(await searchParams);
  return (
    <>
      <PageHeader title="CRM" description="Send your leads to HubSpot, Salesforce, Pipedrive or your own endpoint, and learn from what closed." />
      <CrmErasureRequests />
      <CrmSettings params={params} />
    </>
  );
}
