import { createJobRegistry, defineJob, type JobPayload, type JobName } from "../queue/define-job";
import { processMessage } from "../pipeline/process-message";
import { sendReply } from "../pipeline/send-reply";
import { processMessagePayload, sendReplyPayload } from "./payloads";

/** Every background job: name -> payload schema -> handler, with its retry policy. */
export const jobRegistry = createJobRegistry([
  defineJob({ name: "process-message", schema: processMessagePayload, handler: processMessage, retry: { limit: 4, backoffSeconds: 2 }, timeoutSeconds: 120 }),
  defineJob({ name: "send-reply", schema: sendReplyPayload, handler: sendReply, retry: { limit: 5, backoffSeconds: 5 }, timeoutSeconds: 60 }),
]);

export type AppJobName = JobName<typeof jobRegistry>;
export type AppJobPayload<N extends AppJobName> = JobPayload<typeof jobRegistry, N>;
