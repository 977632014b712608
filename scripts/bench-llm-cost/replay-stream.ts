import { setTimeout as sleep } from "node:timers/promises";
import { DEMO_SIGNATURE_HEADER, signDemoPayload } from "../../src/server/channels/demo/sign-demo-payload";
import { handleWebhook } from "../../src/server/pipeline/handle-webhook";
import type { Channel } from "../bench/demo-messages";
import type { StreamMessage } from "./stream-types";

export type Posted = { index: number; platformMessageId: string; error?: string };

/** Never more webhook calls than this waiting at once. */
const MAX_IN_FLIGHT = 500;

/** A contact always writes on the same channel. */
function channelOf(message: StreamMessage, channels: readonly Channel[]): Channel {
  return channels[Number.parseInt(message.contact.id.slice(1), 10) % channels.length]!;
}

/** The Demo channel's signed webhook for one stream message, sent now. */
export function demoWebhook(message: StreamMessage, channel: Channel, run: string) {
  const platformMessageId = `${run}-m${message.index}`;
  const { contact } = message;
  const body = JSON.stringify({
    channelId: channel.externalId,
    messageId: platformMessageId,
    customer: { id: `${run}-${contact.id}`, name: contact.name, handle: contact.handle, followers: contact.followers, verified: contact.verified },
    text: message.text,
    sentAt: new Date().toISOString(),
  });
  return { body, headers: new Headers({ "content-type": "application/json", [DEMO_SIGNATURE_HEADER]: signDemoPayload(body, channel.secret) }), platformMessageId };
}

/**
 * Posts the stream through the webhook service layer (handleWebhook: signature check, rate
 * limit, storage and queueing, without HTTP), in arrival order, keeping the gaps of its
 * simulated timeline divided by `speedup`. Each message is stamped with the time it is posted,
 * so a thread's earlier messages (and the replies sent meanwhile) are its history.
 */
export async function replayStream(stream: readonly StreamMessage[], plan: { channels: readonly Channel[]; run: string; speedup: number; onProgress?: (posted: number) => void }): Promise<Posted[]> {
  const posted: Posted[] = new Array<Posted>(stream.length);
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  const origin = stream[0]?.atMs ?? 0;
  for (const message of stream) {
    const wait = started + (message.atMs - origin) / plan.speedup - performance.now();
    if (wait > 1) await sleep(wait);
    while (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
    const { body, headers, platformMessageId } = demoWebhook(message, channelOf(message, plan.channels), plan.run);
    const call: Promise<void> = handleWebhook("demo", body, headers).then(
      (r) => void (posted[message.index] = { index: message.index, platformMessageId, ...(r.stored === 1 ? {} : { error: `stored ${r.stored} of ${r.received}` }) }),
      (error: unknown) => void (posted[message.index] = { index: message.index, platformMessageId, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }),
    ).finally(() => inFlight.delete(call));
    inFlight.add(call);
    if ((message.index + 1) % 100 === 0) plan.onProgress?.(message.index + 1);
  }
  await Promise.all(inFlight);
  return posted;
}
