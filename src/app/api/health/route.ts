import { withPublicRoute } from "@/server/access/with-public-route";
import { checkHealth } from "@/server/infra/health/check-health";

export const dynamic = "force-dynamic";

export const GET = withPublicRoute({ route: "health", reason: "Load balancer and uptime probe; reports component status only, no tenant data." }, async () => {
  const report = await checkHealth();
  return Response.json(report, { status: report.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
});
