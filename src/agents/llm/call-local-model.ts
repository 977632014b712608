import { AgentCallError, type AgentName, type AgentRunRecord, type LlmLogger } from "./agent-run-record";
import { safeErrorMessage } from "./classify-error";
import { LOCAL_MODEL } from "./model-spec";
import { reportRun, type RunTally } from "./run-tally";

export interface LocalCallContext {
  agent: AgentName;
  tally: RunTally;
  redact: (text: string) => string;
  onRun?: (rec: AgentRunRecord) => void | Promise<void>;
  logger?: LlmLogger;
}

/**
 * Runs the agent's local model, the last link of every chain. If even that throws, the run is
 * reported with outcome "error" and AgentCallError (carrying the record) is thrown.
 */
export async function callLocalModel<T>(local: () => T | Promise<T>, ctx: LocalCallContext): Promise<T> {
  try {
    const value = await local();
    ctx.tally.attempts.push({ provider: LOCAL_MODEL.provider, model: LOCAL_MODEL.model });
    return value;
  } catch (error) {
    const description = safeErrorMessage(error, { redact: ctx.redact });
    ctx.tally.attempts.push({ provider: LOCAL_MODEL.provider, model: LOCAL_MODEL.model, error: description });
    const failed = ctx.tally.record(LOCAL_MODEL, { cacheHit: false, outcome: "error", error: `local model failed: ${description}` });
    const run = await reportRun(failed, ctx.onRun, ctx.logger);
    throw new AgentCallError(`${ctx.agent} agent produced no answer`, run, { cause: error });
  }
}
