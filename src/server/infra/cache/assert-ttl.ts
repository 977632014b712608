/** Both cache implementations reject a TTL that is not a positive, finite number of seconds. */
export function assertTtl(ttlSeconds: number): void {
  if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
    throw new RangeError(`Cache TTL must be a positive number of seconds, got ${ttlSeconds}`);
  }
}
