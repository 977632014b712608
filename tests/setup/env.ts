// Test configuration: fixed, obviously-fake secrets (never used outside tests).
(process.env as Record<string, string | undefined>).NODE_ENV ??= "test";
process.env.NEXTAUTH_SECRET ??= "test-secret-test-secret-test-secret-0001";
// k3 is listed (inactive) so every test process can read values the key-rotation test re-encrypts.
process.env.ENCRYPTION_KEYS ??= ["k2", "k1", "k3"].map((k) => `${k}:${Buffer.alloc(32, Number(k[1])).toString("base64")}`).join(",");
process.env.BLIND_INDEX_KEY ??= "test-blind-index-key-test-blind-index-key";
process.env.LOG_LEVEL ??= "silent";
