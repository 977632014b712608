import type { Metadata } from "next";
import { Suspense } from "react";
import { LeadsView } from "@/components/leads/leads-view";
import { LoadingPanel } from "@/components/ui/loading-panel";

export const metadata: Metadata = { title: "Leads · Leadline" };

export default function LeadsPage() {
  // The filters live in the URL (useSearchParams), read on the client.
  return (
    <Suspense fallback={<LoadingPanel label="Loading leads" />}>
      <LeadsView />
    </Suspense>
  );
}
