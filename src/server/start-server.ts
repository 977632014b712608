import { assertAppRole } from "./infra/db/assert-app-role";
import { dbPool } from "./infra/db/client";
import { env } from "./infra/env/load-env";
import { logger } from "./infra/logger";

/**
 * Server start-up: validates configuration so a bad environment fails loudly and early (naming
 * the variable), refuses a database role that bypasses row-level security, logs unhandled
 * rejections, and starts the embedded queue's workers and crons when QStash is not configured.
 */
export async function registerNode(): Promise<void> {
  let config;
  try {
    config = env();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  const building = process.env.NEXT_PHASE === "phase-production-build";
  if (!building) {
    try {
      await assertAppRole(dbPool());
    } catch (error) {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    }
  }
  process.on("unhandledRejection", (reason) => {
    logger.error({ err: { message: reason instanceof Error ? reason.message : String(reason) } }, "unhandled promise rejection");
  });
  if (!config.QSTASH_TOKEN && !building) {
    const { startQueue } = await import("./infra/runtime/queue");
    await startQueue().catch((error: unknown) => logger.error({ err: { message: String(error) } }, "local queue failed to start; jobs will start on first publish"));
  }
}
