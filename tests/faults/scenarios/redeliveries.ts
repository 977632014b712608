import { expect } from "vitest";
import { messengerMessage } from "../../fakes/meta/webhook-payloads";
import { demoBody } from "../../helpers/pipeline";
import { demoDelivery, deliver, metaDelivery, storedCounts, type Delivery, type FaultWorkspace } from "../fault-app";
import { figure } from "../figures";

const ROW = "1. concurrent redeliveries";
const COPIES = 5;

/** The same signed delivery five times at once, per platform: stored exactly once each time. */
export async function concurrentRedeliveries(appUrl: string, ws: FaultWorkspace): Promise<void> {
  const demoId = `m-redeliver-${Date.now()}`;
  const mid = `m_redeliver_${Date.now()}`;
  const cases: Array<{ platform: string; id: string; delivery: Delivery }> = [
    { platform: "demo", id: demoId, delivery: demoDelivery(ws, JSON.stringify({ ...JSON.parse(demoBody(ws.externalId, "Is the Pro plan monthly?")), messageId: demoId })) },
    { platform: "facebook", id: mid, delivery: metaDelivery("facebook", messengerMessage({ pageId: ws.pageId, customerId: "5501", mid, text: "Do you ship to Lyon?" })) },
  ];
  const outcomes: Array<{ platform: string; statuses: number[]; stored: number }> = [];
  for (const c of cases) {
    const answers = await Promise.all(Array.from({ length: COPIES }, () => deliver(appUrl, c.delivery)));
    const stored = (await storedCounts(ws.workspaceId, [c.id])).get(c.id) ?? 0;
    const statuses = answers.map((a) => a.status);
    figure(ROW, `${c.platform}: ${COPIES} sent at once, ${statuses.filter((s) => s === 200).length} answered 200, ${stored} stored`);
    outcomes.push({ platform: c.platform, statuses, stored });
  }
  for (const o of outcomes) expect(o, o.platform).toEqual({ platform: o.platform, statuses: Array(COPIES).fill(200), stored: 1 });
}
