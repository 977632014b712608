// Test configuration: fixed, obviously-fake secrets (never used outside tests).
(process.env as Record<string, string | undefined>).NODE_ENV ??= "test";
process.env.NEXTAUTH_SECRET ??= "test-secret-test-secret-test-secret-0001";
process.env.ENCRYPTION_KEYS ??= `k2:${Buffer.alloc(32, 2).toString("base64")},k1:${Buffer.alloc(32, 1).toString("base64")}`;
process.env.BLIND_INDEX_KEY ??= "test-blind-index-key-test-blind-index-key";
process.env.LOG_LEVEL ??= "silent";
