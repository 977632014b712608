import { setTimeout as sleep } from "node:timers/promises";
import { handleWebhook } from "../../src/server/pipeline/handle-webhook";
import { signedDemoWebhook, type Channel, type MessageKind } from "./demo-messages";

export type Arrival = {
  platformMessageId: string;
  kind: MessageKind;
  /** Epoch ms (sub-ms precision) when handleWebhook was called / returned (webhook accepted). */
  postedAt: number;
  acceptedAt: number;
  error?: string;
};

export type LoadPlan = {
  run: string;
  channels: readonly Channel[];
  messages: number;
  /** Messages per second offered (open loop); undefined = `posters` callers back to back. */
  rate?: number;
  posters: number;
};

/** Open-loop runs never keep more than this many webhook calls waiting. */
const MAX_IN_FLIGHT = 2_000;
const nowMs = () => performance.timeOrigin + performance.now();

async function post(plan: LoadPlan, i: number, customers: number): Promise<Arrival> {
  const channel = plan.channels[i % plan.channels.length]!;
  const { message, body, headers, platformMessageId } = signedDemoWebhook(plan.run, i, channel, customers);
  const postedAt = nowMs();
  try {
    const result = await handleWebhook("demo", body, headers);
    const error = result.stored === 1 ? undefined : `stored ${result.stored} of ${result.received}`;
    return { platformMessageId, kind: message.kind, postedAt, acceptedAt: nowMs(), error };
  } catch (err) {
    return { platformMessageId, kind: message.kind, postedAt, acceptedAt: nowMs(), error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}

/**
 * Posts `messages` signed Demo webhooks through the webhook service layer (handleWebhook: the
 * signature check, parsing, rate limit, storage and queueing a POST does, without HTTP).
 * About one customer in five writes twice, as in a real inbox.
 */
export async function driveLoad(plan: LoadPlan): Promise<Arrival[]> {
  const customers = Math.max(1, Math.ceil(plan.messages * 0.8));
  const arrivals: Arrival[] = new Array<Arrival>(plan.messages);
  if (plan.rate === undefined) {
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(plan.posters, plan.messages) }, async () => {
        for (let i = next++; i < plan.messages; i = next++) arrivals[i] = await post(plan, i, customers);
      }),
    );
    return arrivals;
  }
  const interval = 1000 / plan.rate;
  const started = nowMs();
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; i < plan.messages; i += 1) {
    const wait = started + i * interval - nowMs();
    if (wait > 1) await sleep(wait);
    while (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
    const call: Promise<void> = post(plan, i, customers).then((a) => {
      arrivals[i] = a;
      inFlight.delete(call);
    });
    inFlight.add(call);
  }
  await Promise.all(inFlight);
  return arrivals;
}
