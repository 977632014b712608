import { LlmTimeoutError } from "./classify-error";

/**
 * Runs `fn` with an AbortSignal that fires after `timeoutMs`, and rejects with LlmTimeoutError
 * at that moment even if `fn` ignores the signal, so a provider that hangs cannot hold the
 * caller past its deadline. Pass `controller` to abort a longer-lived request (a stream) with it.
 */
export async function callWithTimeout<T>(
  fn: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
  controller: AbortController = new AbortController(),
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new LlmTimeoutError(timeoutMs);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    return await Promise.race([fn(controller.signal), deadline]);
  } catch (error) {
    // An abort surfaces from fetch as an AbortError; report it as the timeout it was.
    if (controller.signal.aborted) throw controller.signal.reason;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
