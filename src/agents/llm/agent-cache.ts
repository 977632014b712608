import { z } from "zod";
import type { CachePort } from "@/shared/cache-port";
import type { LlmLogger } from "./agent-run-record";
import { MODEL_PROVIDERS, type ModelRef } from "./model-spec";

/**
 * Cached agent answers are stored as {value, provider, model} so a hit can say which model
 * produced it. Schemas used here should be plain (no transforms), as they are re-applied to
 * the stored output on every read.
 */
export interface CachedAnswer<T> {
  value: T;
  ref: ModelRef;
}

function envelopeSchema<T>(schema: z.ZodType<T>) {
  return z.object({ value: schema, provider: z.enum(MODEL_PROVIDERS), model: z.string().min(1) });
}

/**
 * A cache read is a trust boundary: unparsable or schema-violating entries (an older prompt's
 * shape, a hand-edited key) are treated as misses, and a cache outage is a miss, not a failure.
 */
export async function readCachedAnswer<T>(
  cache: CachePort,
  key: string,
  schema: z.ZodType<T>,
  logger?: LlmLogger,
): Promise<CachedAnswer<T> | null> {
  let raw: string | null;
  try {
    raw = await cache.get(key);
  } catch (error) {
    logger?.warn({ key, err: error instanceof Error ? error.name : "unknown" }, "llm cache read failed; treating as a miss");
    return null;
  }
  if (raw === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    logger?.warn({ key }, "llm cache entry is not JSON; ignoring it");
    return null;
  }
  const parsed = envelopeSchema(schema).safeParse(json);
  if (!parsed.success) {
    logger?.warn({ key }, "llm cache entry does not match the schema; ignoring it");
    return null;
  }
  return { value: parsed.data.value, ref: { provider: parsed.data.provider, model: parsed.data.model } };
}

/** Best effort: a failed write costs a future cache hit, never the answer in hand. */
export async function writeCachedAnswer<T>(
  cache: CachePort,
  key: string,
  answer: CachedAnswer<T>,
  ttlSeconds: number,
  logger?: LlmLogger,
): Promise<void> {
  const entry = JSON.stringify({ value: answer.value, provider: answer.ref.provider, model: answer.ref.model });
  try {
    await cache.set(key, entry, ttlSeconds);
  } catch (error) {
    logger?.warn({ key, err: error instanceof Error ? error.name : "unknown" }, "llm cache write failed");
  }
}
