import { expect } from "vitest";
import { demoBody, waitFor } from "../../helpers/pipeline";
import type { CutProxy } from "../../helpers/tcp-cut-proxy";
import { demoDelivery, deliver, storedCounts, type FaultWorkspace } from "../fault-app";
import { figure } from "../figures";

const ROW = "2. database stopped during deliveries";
const MESSAGES = 30;
const SENDERS = 3;

type Answer = { status: number; sentCut: boolean; answeredCut: boolean };

/**
 * Three "platform" senders deliver 30 signed messages, each redelivered on any non-2xx answer
 * (as Meta does on 5xx), while the database connection is cut and later restored. During the
 * outage only 5xx may come back (a 4xx would make the platform drop the event); every 2xx must
 * be stored; after it, every message is stored exactly once.
 */
export async function databaseOutage(appUrl: string, ws: FaultWorkspace, proxy: CutProxy): Promise<void> {
  const bodies = Array.from({ length: MESSAGES }, (_, i) => demoBody(ws.externalId, `Outage test ${i}: do you ship to Porto?`));
  const ids = bodies.map((b) => (JSON.parse(b) as { messageId: string }).messageId);
  const answers: Answer[] = [];
  const acked = new Set<string>();
  let next = 0;
  let outageAnswers = 0;

  const sender = async () => {
    for (let i = next++; i < MESSAGES; i = next++) {
      for (let attempt = 0; ; attempt += 1) {
        const sentCut = proxy.isCut;
        const { status } = await deliver(appUrl, demoDelivery(ws, bodies[i]!));
        const answer = { status, sentCut, answeredCut: proxy.isCut };
        answers.push(answer);
        if (answer.sentCut && answer.answeredCut) outageAnswers += 1;
        if (status >= 200 && status < 300) {
          acked.add(ids[i]!);
          break;
        }
        if (attempt > 200) throw new Error(`message ${i} was never acknowledged (last status ${status})`);
        // The platform's redelivery backoff (capped), not a wait on the test's own state.
        await new Promise((r) => setTimeout(r, Math.min(25 * 2 ** attempt, 400)));
      }
    }
  };

  const controller = async () => {
    await waitFor(async () => acked.size >= 8, 30_000, "first acknowledgements");
    proxy.cut();
    await waitFor(async () => outageAnswers >= 15, 30_000, "answers during the outage");
    proxy.restore();
  };

  await Promise.all([controller(), ...Array.from({ length: SENDERS }, sender)]);

  const stored = await storedCounts(ws.workspaceId, ids);
  const during = answers.filter((a) => a.sentCut && a.answeredCut);
  const byClass = (list: Answer[]) => {
    const counts = new Map<string, number>();
    for (const a of list) counts.set(a.status === 0 ? "no answer" : `${String(a.status)[0]}xx`, (counts.get(a.status === 0 ? "no answer" : `${String(a.status)[0]}xx`) ?? 0) + 1);
    return [...counts].map(([k, n]) => `${n}×${k}`).join(", ");
  };
  const ackedNotStored = [...acked].filter((id) => (stored.get(id) ?? 0) === 0).length;
  const storedOnce = ids.filter((id) => stored.get(id) === 1).length;
  figure(ROW, `${MESSAGES} messages by ${SENDERS} senders, ${answers.length} deliveries incl. redeliveries`);
  figure(ROW, `during the outage: ${during.length} answers (${byClass(during)}), ${proxy.refused} connections refused`);
  figure(ROW, `acknowledged: ${acked.size}, acknowledged but not stored: ${ackedNotStored}`);
  figure(ROW, `after it returned: ${storedOnce}/${MESSAGES} stored exactly once`);

  expect(during.length).toBeGreaterThan(0);
  expect(during.filter((a) => a.status < 500)).toEqual([]);
  expect(ackedNotStored).toBe(0);
  expect(storedOnce).toBe(MESSAGES);
}
