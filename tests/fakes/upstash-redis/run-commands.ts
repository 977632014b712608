import type { Redis } from "ioredis";
import type { PreparedCommand, ScriptRegistry } from "./adapt-scripts";

/** One command as Upstash's REST API receives it: `["SET", "key", "value", "EX", 60]`. */
export type CommandArray = [string, ...(string | number | boolean)[]];

/** One entry of a pipeline / multi-exec answer, before encoding. */
export type CommandOutcome = { result: unknown } | { error: string };

/** Redis could not be reached (connection refused, dropped, timed out): HTTP 500. */
export class RedisUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`Unable to reach the Redis server: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "RedisUnavailableError";
  }
}

/** The transaction as a whole was refused (EXECABORT): HTTP 400 with `{ error }`. */
export class TransactionAbortedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TransactionAbortedError";
  }
}

// The bridge multiplexes every request over one connection, so commands that block it or change
// its state are refused, as Upstash refuses them over REST.
const REFUSED = new Set([
  "AUTH", "HELLO", "SELECT", "QUIT", "RESET", "CLIENT", "MONITOR", "SYNC", "PSYNC", "SHUTDOWN",
  "MULTI", "EXEC", "DISCARD", "WATCH", "UNWATCH",
  "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE",
  "BLPOP", "BRPOP", "BLMOVE", "BRPOPLPUSH", "BLMPOP", "BZPOPMIN", "BZPOPMAX", "BZMPOP", "WAIT",
]);

const isReplyError = (error: unknown): error is Error =>
  error instanceof Error && error.name === "ReplyError";

function refusal(name: string, args: string[]): string | null {
  if (REFUSED.has(name)) return `ERR command '${name}' is not supported by the Upstash REST bridge`;
  if ((name === "XREAD" || name === "XREADGROUP") && args.some((a) => a.toUpperCase() === "BLOCK")) {
    return `ERR blocking ${name} is not supported by the Upstash REST bridge`;
  }
  return null;
}

function prepare(scripts: ScriptRegistry, [name, ...rawArgs]: CommandArray): PreparedCommand | { error: string } {
  const args = rawArgs.map(String);
  const prepared = scripts.prepare(name, args);
  const refused = refusal(prepared.name, prepared.args);
  return refused ? { error: refused } : prepared;
}

// Upper-case names keep ioredis' reply transformers (HGETALL -> object, ...) out of the way:
// they are keyed by lower-case name, while key-prefixing matches names case-insensitively.
export async function runCommand(redis: Redis, scripts: ScriptRegistry, command: CommandArray): Promise<CommandOutcome> {
  const prepared = prepare(scripts, command);
  if ("error" in prepared) return prepared;
  try {
    return { result: prepared.mapReply(await redis.callBuffer(prepared.name, ...prepared.args)) };
  } catch (error) {
    if (isReplyError(error)) return { error: error.message };
    throw new RedisUnavailableError(error);
  }
}

type ExecEntry = [error: Error | null, result: unknown];

function toOutcomes(entries: ExecEntry[], prepared: PreparedCommand[]): CommandOutcome[] {
  return entries.map(([error, result], i) => {
    if (error === null) return { result: prepared[i]?.mapReply(result) ?? result };
    if (isReplyError(error)) return { error: error.message };
    throw new RedisUnavailableError(error);
  });
}

export async function runPipeline(redis: Redis, scripts: ScriptRegistry, commands: CommandArray[]): Promise<CommandOutcome[]> {
  const preparedAll = commands.map((command) => prepare(scripts, command));
  const runnable = preparedAll.filter((p): p is PreparedCommand => !("error" in p));
  const pipeline = redis.pipeline();
  for (const p of runnable) pipeline.callBuffer(p.name, ...p.args);
  const executed = runnable.length > 0 ? toOutcomes(((await pipeline.exec()) ?? []) as ExecEntry[], runnable) : [];
  // Put refused commands back in their places.
  let next = 0;
  return preparedAll.map((p) => ("error" in p ? p : (executed[next++] ?? { error: "ERR missing reply" })));
}

function describeAbort(error: Error): string {
  const previous = (error as Error & { previousErrors?: Error[] }).previousErrors?.[0]?.message;
  return previous ? `${error.message} (${previous.trim()})` : error.message;
}

export async function runTransaction(redis: Redis, scripts: ScriptRegistry, commands: CommandArray[]): Promise<CommandOutcome[]> {
  const prepared: PreparedCommand[] = [];
  for (const command of commands) {
    const p = prepare(scripts, command);
    if ("error" in p) throw new TransactionAbortedError(p.error);
    prepared.push(p);
  }
  // ioredis writes MULTI ... EXEC in one go on the shared connection, so no other request's
  // commands can land inside the transaction.
  const transaction = redis.multi();
  for (const p of prepared) transaction.callBuffer(p.name, ...p.args);
  let entries: ExecEntry[] | null;
  try {
    entries = (await transaction.exec()) as ExecEntry[] | null;
  } catch (error) {
    if (isReplyError(error)) throw new TransactionAbortedError(describeAbort(error));
    throw new RedisUnavailableError(error);
  }
  if (entries === null) throw new TransactionAbortedError("EXECABORT Transaction discarded");
  return toOutcomes(entries, prepared);
}
