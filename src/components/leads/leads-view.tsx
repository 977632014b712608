"use client";

import { LiveStatus } from "@/components/realtime/live-status";
import { useRealtime } from "@/components/realtime/use-realtime";
import { PageHeader } from "@/components/ui/page-header";
import { useActiveWorkspace } from "@/components/workspace/active-workspace";
import { ReadOnlyNotice } from "@/components/workspace/read-only-notice";
import { ExportLeadsLink } from "./export-leads-link";
import { LeadFilters } from "./lead-filters";
import { filtersToQuery, useLeadFilters } from "./lead-filters-url";
import { LeadsTable } from "./leads-table";
import { RetrainScorer } from "./retrain-scorer";

/**
 * Leads filtered and sorted on the server (filters and order in the URL, so a link shows the same
 * leads); agents set statuses and export, admins also retrain the scorer. Live.
 */
export function LeadsView() {
  const status = useRealtime();
  const { role } = useActiveWorkspace();
  const [filters, setFilters] = useLeadFilters();
  const canAct = role !== "VIEWER";

  return (
    <>
      <PageHeader
        title="Leads"
        description="Everyone who wrote to you, scored hot, warm or cold. Mark outcomes so the scorer learns what a good lead looks like for you."
        actions={<div className="flex items-center gap-3">{canAct ? <ExportLeadsLink filters={filters} /> : null}<LiveStatus status={status} /></div>}
      />
      <div className="min-w-0 space-y-6">
        {canAct ? null : <ReadOnlyNotice role={role}>You can see every lead; agents and admins change their status and export them.</ReadOnlyNotice>}
        {role === "ADMIN" ? <RetrainScorer /> : null}
        <LeadFilters filters={filters} onChange={setFilters} />
        <LeadsTable key={filtersToQuery(filters)} filters={filters} onChange={setFilters} canAct={canAct} />
      </div>
    </>
  );
}
