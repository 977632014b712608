import type { Metadata } from "next";
import { AnalyticsView } from "@/components/analytics/analytics-view";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Analytics · Leadline" };

export default function AnalyticsPage() {
  return (
    <>
      <PageHeader title="Analytics" description="Message volume, response times, lead outcomes, AI usage and CRM sync for this workspace." />
      <AnalyticsView />
    </>
  );
}
