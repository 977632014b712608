/**
 * Runs once when the server starts: validates configuration so a bad environment fails loudly
 * and early, naming the variable.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("./server/env/load-env");
  const { logger } = await import("./server/logger");
  try {
    env();
  } catch (error) {
    logger.fatal(error instanceof Error ? error.message : String(error));
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
