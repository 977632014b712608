import { canExportLeads } from "@/server/access/access-rules";
import { withWorkspace } from "@/server/access/with-workspace";
import { AppError } from "@/server/infra/errors/app-error";
import { streamLeadsCsv } from "@/server/leads/export-leads-csv";
import { filtersFromSearchParams } from "@/server/leads/lead-query";

export const dynamic = "force-dynamic";

/**
 * GET /api/leads/export?tier=HOT&sort=score&dir=desc...: the leads table's filtered rows as a CSV
 * download, streamed in keyset batches (admins every lead, agents the leads of the conversations
 * they see). Viewers are refused: the file holds contacts' names and handles. Bad filters: 400.
 */
export const GET = withWorkspace({ route: "leads.export", minRole: "VIEWER", rateLimit: "api" }, async (req, actor) => {
  if (!canExportLeads(actor.role)) throw new AppError("FORBIDDEN", "Viewers cannot export leads: the file holds contacts' personal data. Ask an admin or an agent.");
  const filters = filtersFromSearchParams(new URL(req.url).searchParams);
  const stream = streamLeadsCsv(actor, filters, { tenant: (fn) => actor.tenant((tx) => fn(tx)) });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="leads-${day}.csv"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
