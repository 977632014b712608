import { z } from "zod";

/**
 * What travels on the wire / in the jobs table: the payload wrapped in an envelope, so the
 * payload itself may be any JSON value and the transport can add fields without touching it.
 * `maxRetries` rides along on QStash (inside the signed body) so the receiving route knows
 * which delivery is the last one; QStash does not tell the destination.
 */
export const jobEnvelopeSchema = z.object({
  payload: z.unknown(),
  maxRetries: z.number().int().min(0).max(20).optional(),
});

export type JobEnvelope = z.infer<typeof jobEnvelopeSchema>;
