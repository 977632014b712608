"use client";

import { useState } from "react";
import { LiveStatus } from "@/components/realtime/live-status";
import { useRealtime } from "@/components/realtime/use-realtime";
import { PageHeader } from "@/components/ui/page-header";
import { useActiveWorkspace } from "@/components/workspace/active-workspace";
import { ReadOnlyNotice } from "@/components/workspace/read-only-notice";
import { LeadsTable } from "./leads-table";
import { RetrainScorer } from "./retrain-scorer";
import type { Tier } from "../ui/tier-badge";
import { TierFilter } from "./tier-filter";

/** Leads by score with a tier filter; agents set statuses, admins retrain the scorer. Live. */
export function LeadsView() {
  const status = useRealtime();
  const { role } = useActiveWorkspace();
  const [tier, setTier] = useState<Tier | undefined>(undefined);
  const canAct = role !== "VIEWER";

  return (
    <>
      <PageHeader title="Leads" description="Everyone who wrote to you, scored hot, warm or cold. Mark outcomes so the scorer learns what a good lead looks like for you." actions={<LiveStatus status={status} />} />
      <div className="space-y-6">
        {canAct ? null : <ReadOnlyNotice role={role}>You can see every lead; agents and admins change their status.</ReadOnlyNotice>}
        {role === "ADMIN" ? <RetrainScorer /> : null}
        <div className="flex flex-wrap items-center justify-between gap-3">
          <TierFilter value={tier} onChange={setTier} />
        </div>
        <LeadsTable tier={tier} canAct={canAct} />
      </div>
    </>
  );
}
