import { publishJobs } from "../runtime/queue";
import { handlerPublisher } from "./publishers";
import type { OutboxPublisher } from "./relay-outbox";

/** The publisher for request handlers (tRPC, webhooks): the configured queue and realtime bus. */
export function appPublisher(): OutboxPublisher {
  return handlerPublisher(publishJobs);
}
