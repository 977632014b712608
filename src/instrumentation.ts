/**
 * Runs once when the server starts: validates configuration so a bad environment fails loudly
 * and early (naming the variable), then starts the embedded queue's workers when QStash is not
 * configured.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("./server/env/load-env");
  const { logger } = await import("./server/logger");
  let config;
  try {
    config = env();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  process.on("unhandledRejection", (reason) => {
    logger.error({ err: { message: reason instanceof Error ? reason.message : String(reason) } }, "unhandled promise rejection");
  });
  if (!config.QSTASH_TOKEN && process.env.NEXT_PHASE !== "phase-production-build") {
    const { startQueue } = await import("./server/runtime/queue");
    await startQueue().catch((error: unknown) => logger.error({ err: { message: String(error) } }, "local queue failed to start; jobs will start on first publish"));
  }
}
