/**
 * Agents CLI: the three agents over JSON Lines, no database or server needed.
 *   npm run -s agents -- <classify|score|reply> [--concurrency N] < in.jsonl > out.jsonl
 *
 * Line formats (one JSON object per line; answers come out one per line, in input order):
 *   classify  {"id","text"}  ->  {"id","intent","confidence"}
 *   score     {"id","text","intent"?,"confidence"?,"platform"?,"followers"?,"verified"?,
 *              "previousMessages"?,"daysSinceFirstContact"?,"daysSinceLastContact"?,
 *              "businessReplies"?,"contactRepliesAfterBusiness"?}
 *             ->  {"id","tier","score","reason","tags"}          (intent missing: classified first)
 *   reply     {"id","text","intent"?,"platform"?,"surface"?:"dm"|"comment",
 *              "knowledge":[{"id","title","body"}],"tone"?:{"companyName","guidelines"}}
 *             ->  {"id","reply","handoff","flags"}   (knowledge ranked by term overlap, best 3 used)
 *   all       optional "name"/"handle" of the sender (anonymised like the text); "id" string or number
 *   bad line  ->  {"id": <id or null>, "line": n, "error": "..."} on stdout, a message on stderr
 *
 * Models: INTENT_MODELS / SCORER_MODELS / REPLY_MODELS (default "local") plus the provider keys;
 * only the AI variables are read. Text is anonymised before any model sees it.
 * Exit codes: 0 done (bad lines included), 1 stdin unreadable, 2 usage or configuration error.
 */
import { fstatSync } from "node:fs";
import { createCliContext, type CliContext } from "./cli-context";
import { classifyCommand } from "./classify-command";
import { CliConfigError, type CliAgent } from "./load-cli-config";
import { replyCommand } from "./reply-command";
import { runJsonLines, type LineCommand, type LineId } from "./run-json-lines";
import { scoreCommand } from "./score-command";
import { USAGE } from "./usage";

type CommandName = "classify" | "score" | "reply";

const COMMANDS: Record<CommandName, { agents: CliAgent[]; build: (ctx: CliContext) => LineCommand<{ id: LineId }> }> = {
  classify: { agents: ["intent"], build: classifyCommand },
  score: { agents: ["intent", "scorer"], build: scoreCommand },
  reply: { agents: ["intent", "reply"], build: replyCommand },
};

const DEFAULT_LLM_CONCURRENCY = 8;
/** All-local answers are in-process and instant: a wide window only batches them. */
const LOCAL_CONCURRENCY = 64;

const stderr = (line: string) => void process.stderr.write(`${line}\n`);

function usageError(message: string): never {
  stderr(`agents: ${message}\nRun "npm run -s agents -- --help" for the commands and line formats.`);
  process.exit(2);
}

function parseArgs(argv: string[]): { command: CommandName | "help"; concurrency?: number } {
  const args = argv.filter((a) => a !== "--");
  if (args.length === 0 || args.includes("--help") || args.includes("-h") || args[0] === "help") return { command: "help" };
  const [command, ...rest] = args;
  if (!command || !(command in COMMANDS)) usageError(`unknown command "${command ?? ""}"`);
  let concurrency: number | undefined;
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i]!;
    const value = arg.startsWith("--concurrency=") ? arg.slice("--concurrency=".length) : arg === "--concurrency" ? rest[++i] : undefined;
    if (value === undefined) usageError(`unknown option "${arg}"`);
    concurrency = Number(value);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) usageError("--concurrency must be an integer from 1 to 256");
  }
  return { command: command as CommandName, concurrency };
}

/** Node reads a directory on stdin as empty input; say so instead of answering nothing. */
function stdinProblem(): string | null {
  try {
    return fstatSync(0).isDirectory() ? "stdin is a directory" : null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.command === "help") {
    process.stdout.write(USAGE);
    return;
  }
  const name = args.command;
  let ctx: CliContext;
  try {
    ctx = createCliContext(process.env, stderr);
  } catch (error) {
    if (error instanceof CliConfigError) usageError(error.message);
    throw error;
  }
  const spec = COMMANDS[name];
  const allLocal = spec.agents.every((agent) => ctx.localOnly(agent));

  // A closed pipe (`| head`) is the reader saying it has seen enough.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });

  const problem = stdinProblem();
  if (problem) {
    stderr(`agents ${name}: could not read stdin: ${problem}`);
    process.exitCode = 1;
    return;
  }

  const started = performance.now();
  try {
    const stats = await runJsonLines(spec.build(ctx), {
      input: process.stdin,
      output: process.stdout,
      concurrency: args.concurrency ?? (allLocal ? LOCAL_CONCURRENCY : DEFAULT_LLM_CONCURRENCY),
      onBadLine: (line, error) => stderr(`agents ${name}: line ${line}: ${error}`),
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const models = ctx.summary();
    stderr(`agents ${name}: ${stats.lines} lines, ${stats.errors} bad, ${seconds} s${models ? ` (${models})` : ""}`);
  } catch (error) {
    stderr(`agents ${name}: could not read stdin: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}

await main();
