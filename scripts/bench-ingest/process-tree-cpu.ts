import { readdirSync, readFileSync } from "node:fs";

/** Linux reports process times in clock ticks; 100 per second on every common kernel build. */
const TICKS_PER_SECOND = 100;

function stat(pid: number): { ppid: number; cpuMs: number } | null {
  try {
    // Fields after the parenthesised command name: ppid is field 4, utime and stime 14 and 15.
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(fields[1]), cpuMs: ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND };
  } catch {
    return null; // exited meanwhile
  }
}

/**
 * CPU ms used so far by `root` and every process below it (`next start` may fork its server),
 * read from /proc; null where /proc is missing (not Linux).
 */
export function processTreeCpuMs(root: number): number | null {
  let pids: number[];
  try {
    pids = readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map(Number);
  } catch {
    return null;
  }
  const stats = new Map<number, { ppid: number; cpuMs: number }>();
  for (const pid of pids) {
    const s = stat(pid);
    if (s) stats.set(pid, s);
  }
  if (!stats.has(root)) return null;
  let total = 0;
  const queue = [root];
  for (let pid = queue.pop(); pid !== undefined; pid = queue.pop()) {
    total += stats.get(pid)?.cpuMs ?? 0;
    for (const [child, s] of stats) if (s.ppid === pid) queue.push(child);
  }
  return total;
}
