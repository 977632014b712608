import { randomInt } from "node:crypto";
import { DEMO_SIGNATURE_HEADER, signDemoPayload } from "@/server/channels/demo/sign-demo-payload";
import { encrypt } from "@/server/infra/crypto/field-crypto";
import { withTenant } from "@/server/infra/db/tenant";
import { metaJson, signMetaBody } from "../fakes/meta/deliver-webhook";
import { createPipelineWorkspace } from "../helpers/pipeline";
import { serveRouteHandlers, type RouteServer } from "../helpers/serve-route-handlers";

/** The app secret the fault suite's Meta deliveries are signed with (a test value). */
export const META_SECRET = "fault-suite-meta-app-secret-0001";

/** Every route handler of the app behind one real HTTP server. */
export async function serveApp(): Promise<RouteServer> {
  const webhooks = await import("@/app/api/webhooks/[platform]/route");
  const deauthorize = await import("@/app/api/webhooks/meta/deauthorize/route");
  const trpc = await import("@/app/api/trpc/[trpc]/route");
  const drafts = await import("@/app/api/drafts/stream/route");
  const realtime = await import("@/app/api/realtime/route");
  const oauthStart = await import("@/app/api/oauth/[provider]/start/route");
  const oauthCallback = await import("@/app/api/oauth/[provider]/callback/route");
  const jobs = await import("@/app/api/jobs/[job]/route");
  const health = await import("@/app/api/health/route");
  // Not /api/auth/*: next-auth's route handler reads next/headers, which only exists inside Next.
  return serveRouteHandlers([
    { pattern: "/api/webhooks/meta/deauthorize", methods: { POST: deauthorize.POST } },
    { pattern: "/api/webhooks/:platform", methods: { POST: webhooks.POST, GET: webhooks.GET } },
    { pattern: "/api/trpc/:trpc", methods: { POST: trpc.POST, GET: trpc.GET } },
    { pattern: "/api/drafts/stream", methods: { POST: drafts.POST } },
    { pattern: "/api/realtime", methods: { GET: realtime.GET } },
    { pattern: "/api/oauth/:provider/start", methods: { GET: oauthStart.GET } },
    { pattern: "/api/oauth/:provider/callback", methods: { GET: oauthCallback.GET } },
    { pattern: "/api/jobs/:job", methods: { POST: jobs.POST } },
    { pattern: "/api/health", methods: { GET: health.GET } },
  ]);
}

export type FaultWorkspace = Awaited<ReturnType<typeof createFaultWorkspace>>;

/** A workspace with a Demo channel (secret known), a Facebook Page and an Instagram account. */
export async function createFaultWorkspace() {
  const ws = await createPipelineWorkspace({ autoReplyEnabled: false });
  const pageId = `10${randomInt(1e9, 1e10)}`;
  const igId = `17${randomInt(1e9, 1e10)}`;
  await withTenant({ workspaceId: ws.workspaceId }, async (tx) => {
    await tx.channel.create({ data: { workspaceId: ws.workspaceId, platform: "FACEBOOK", externalId: pageId, name: "Fault Page", accessTokenEnc: encrypt("page-token") } });
    await tx.channel.create({ data: { workspaceId: ws.workspaceId, platform: "INSTAGRAM", externalId: igId, name: "fault.ig", accessTokenEnc: encrypt("ig-token") } });
  });
  return { ...ws, pageId, igId };
}

export type Delivery = { platform: string; body: string; headers: Record<string, string> };

export const demoDelivery = (ws: { secret: string }, body: string): Delivery => ({
  platform: "demo",
  body,
  headers: { "content-type": "application/json", [DEMO_SIGNATURE_HEADER]: signDemoPayload(body, ws.secret) },
});

export function metaDelivery(platform: "facebook" | "instagram", payload: unknown, secret = META_SECRET): Delivery {
  const body = metaJson(payload);
  return { platform, body, headers: { "content-type": "application/json", "x-hub-signature-256": signMetaBody(body, secret).sha256 } };
}

/** POSTs a delivery to the app's webhook route over HTTP; a refused connection is status 0. */
export async function deliver(appUrl: string, d: Delivery, extraHeaders: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  try {
    const res = await fetch(`${appUrl}/api/webhooks/${d.platform}`, { method: "POST", headers: { ...d.headers, ...extraHeaders }, body: d.body, signal: AbortSignal.timeout(30_000) });
    return { status: res.status, text: await res.text() };
  } catch {
    return { status: 0, text: "" };
  }
}

/** How many stored messages carry each platform message id. */
export async function storedCounts(workspaceId: string, platformMessageIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await withTenant({ workspaceId }, (tx) =>
    tx.message.groupBy({ by: ["platformMessageId"], where: { platformMessageId: { in: [...platformMessageIds] } }, _count: { _all: true } }),
  );
  return new Map(rows.map((r) => [r.platformMessageId, r._count._all]));
}
