import type { JobContract } from "@/server/infra/queue/define-job";
import { QueuePublishError } from "@/server/infra/queue/queue-port";
import { describePayloadError } from "@/server/infra/queue/run-job";

/** Shared by both backends: unknown job names and invalid payloads never leave the process. */
export function checkPublish<Contract extends JobContract>(
  registry: { get(name: string): Contract | undefined },
  name: string,
  payload: unknown,
  delaySeconds: number | undefined,
): Contract {
  const definition = registry.get(name);
  if (!definition) {
    throw new QueuePublishError(name, `Cannot publish unknown job "${name}"`);
  }
  const parsed = definition.schema.safeParse(payload);
  if (!parsed.success) {
    throw new QueuePublishError(
      name,
      `Cannot publish job "${name}": ${describePayloadError(parsed.error)}`,
    );
  }
  if (delaySeconds !== undefined && (!Number.isFinite(delaySeconds) || delaySeconds < 0)) {
    throw new QueuePublishError(name, `Cannot publish job "${name}": delaySeconds must be >= 0`);
  }
  return definition;
}
