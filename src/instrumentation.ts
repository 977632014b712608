/**
 * Runs once when the server starts. The Node.js work lives in its own module so the Edge
 * bundle never sees Node APIs.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { registerNode } = await import("./server/start-server");
    await registerNode();
  }
}
