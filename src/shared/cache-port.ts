/**
 * Cache port (docs/architecture.md#ports): an in-process LRU locally, Upstash Redis in production.
 * Values are strings; callers serialise and validate what they read back (a cache read is a
 * trust boundary).
 */
export interface CachePort {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
}
