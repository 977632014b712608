import type { PublishJobs } from "../jobs/catalog";
import { realtime } from "../runtime/ports";
import type { OutboxPublisher } from "./relay-outbox";

/**
 * The publisher for a job handler: follow-up jobs through the `publish` its binding hands it
 * (handlers never import the queue), events on the realtime bus.
 */
export function handlerPublisher(publishJobs: PublishJobs): OutboxPublisher {
  return { publishJobs, publishEvent: (workspaceId, event) => realtime().publish(workspaceId, event) };
}
