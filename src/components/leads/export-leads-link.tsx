import { buttonClasses } from "@/components/ui/button";
import { filtersToQuery, type LeadFilterState } from "./lead-filters-url";

/**
 * Downloads the filtered leads as CSV (GET /api/leads/export, streamed by the server). Shown to
 * admins and agents only; the server refuses viewers whatever the page shows.
 */
export function ExportLeadsLink({ filters }: { filters: LeadFilterState }) {
  const query = filtersToQuery(filters);
  return (
    <a href={`/api/leads/export${query ? `?${query}` : ""}`} download className={buttonClasses("secondary", "sm")}>
      Export CSV<span className="sr-only"> of the leads shown</span>
    </a>
  );
}
