import { withWorkspace } from "@/server/access/with-workspace";
import { auditFiltersFromSearchParams } from "@/server/audit/audit-query";
import { streamAuditCsv } from "@/server/audit/export-audit-csv";

export const dynamic = "force-dynamic";

/**
 * GET /api/audit/export?action=knowledge.create&actor=user:<id>&from=<ISO>&to=<ISO>: the filtered
 * audit log as a CSV download, streamed in keyset batches. Admins only (like the log itself);
 * bad filters are a 400 naming them.
 */
export const GET = withWorkspace({ route: "audit.export", minRole: "ADMIN", rateLimit: "api" }, async (req, actor) => {
  const filters = auditFiltersFromSearchParams(new URL(req.url).searchParams);
  const stream = streamAuditCsv(actor, filters, { tenant: (fn) => actor.tenant((tx) => fn(tx)) });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="audit-log-${day}.csv"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
