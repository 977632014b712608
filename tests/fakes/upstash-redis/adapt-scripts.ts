import { createHash } from "node:crypto";

/**
 * Upstash accepts the `allow-key-locking` shebang flag that @upstash/ratelimit puts on its Lua
 * scripts (`#!lua flags=allow-key-locking`); stock Redis rejects it ("Unexpected flag in script
 * shebang"). The bridge strips that flag before Redis sees the script and remembers the SHA the
 * client computed (of the original text) against the SHA Redis knows (of the stripped text),
 * so EVALSHA, SCRIPT LOAD and SCRIPT EXISTS behave as they do on Upstash.
 */
const UPSTASH_ONLY_FLAGS = new Set(["allow-key-locking"]);

const sha1 = (text: string): string => createHash("sha1").update(text).digest("hex");

export function stripUpstashFlags(script: string): string {
  if (!script.startsWith("#!")) return script;
  const lineEnd = script.indexOf("\n");
  const shebang = lineEnd === -1 ? script : script.slice(0, lineEnd);
  const rest = lineEnd === -1 ? "" : script.slice(lineEnd);
  const match = /^#!(\S+)\s+flags=(\S*)\s*$/.exec(shebang);
  if (!match) return script;
  const [, engine = "lua", flagList = ""] = match;
  const flags = flagList.split(",").filter((flag) => flag !== "" && !UPSTASH_ONLY_FLAGS.has(flag));
  return (flags.length > 0 ? `#!${engine} flags=${flags.join(",")}` : `#!${engine}`) + rest;
}

export interface PreparedCommand {
  name: string;
  args: string[];
  /** Rewrites the Redis reply back into what Upstash would have answered. */
  mapReply: (reply: unknown) => unknown;
}

const identity = (reply: unknown): unknown => reply;

export class ScriptRegistry {
  private readonly redisShaByClientSha = new Map<string, string>();

  prepare(name: string, args: string[]): PreparedCommand {
    const upper = name.toUpperCase();
    const sub = args[0]?.toUpperCase();
    if ((upper === "EVAL" || upper === "EVAL_RO") && args[0] !== undefined) {
      return { name: upper, args: [this.register(args[0]).script, ...args.slice(1)], mapReply: identity };
    }
    if ((upper === "EVALSHA" || upper === "EVALSHA_RO") && args[0] !== undefined) {
      return { name: upper, args: [this.resolve(args[0]), ...args.slice(1)], mapReply: identity };
    }
    if (upper === "SCRIPT" && sub === "LOAD" && args[1] !== undefined) {
      const { script, clientSha } = this.register(args[1]);
      return { name: upper, args: ["LOAD", script], mapReply: () => clientSha };
    }
    if (upper === "SCRIPT" && sub === "EXISTS") {
      const shas = args.slice(1).map((sha) => this.resolve(sha));
      return { name: upper, args: ["EXISTS", ...shas], mapReply: identity };
    }
    if (upper === "SCRIPT" && sub === "FLUSH") {
      this.redisShaByClientSha.clear();
    }
    return { name: upper, args, mapReply: identity };
  }

  private register(original: string): { script: string; clientSha: string } {
    const script = stripUpstashFlags(original);
    const clientSha = sha1(original);
    if (script !== original) this.redisShaByClientSha.set(clientSha, sha1(script));
    return { script, clientSha };
  }

  private resolve(sha: string): string {
    return this.redisShaByClientSha.get(sha.toLowerCase()) ?? sha;
  }
}
