import type { Metadata } from "next";
import { LeadDetailView } from "@/components/leads/lead-detail-view";

export const metadata: Metadata = { title: "Lead · Leadline" };

export default async function LeadPage({ params }: { params: Promise<{ leadId: string }> }) {
  const { leadId } = await params;
  return <LeadDetailView key={leadId} leadId={leadId} />;
}
