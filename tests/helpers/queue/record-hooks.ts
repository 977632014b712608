import type { JobFailure, QueueHooks } from "@/server/infra/queue/queue-port";

export interface RecordedHooks extends QueueHooks {
  permanent: JobFailure[];
  dead: JobFailure[];
}

export function recordHooks(): RecordedHooks {
  const permanent: JobFailure[] = [];
  const dead: JobFailure[] = [];
  return {
    permanent,
    dead,
    onPermanentFailure: async (failure) => {
      permanent.push(failure);
    },
    onDeadLetter: async (failure) => {
      dead.push(failure);
    },
  };
}

export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
