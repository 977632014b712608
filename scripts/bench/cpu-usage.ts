import { readFileSync } from "node:fs";
import type pg from "pg";

/** Linux reports process times in clock ticks; 100 per second on every common kernel build. */
const TICKS_PER_SECOND = 100;

function processCpuMs(pid: number): number | null {
  try {
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / TICKS_PER_SECOND : null;
  } catch {
    return null;
  }
}

/**
 * CPU time (ms) of this process and of the PostgreSQL backends serving `database`, read from
 * /proc, so a run can report CPU per message whatever else the machine is doing. Backends are
 * only visible when the server runs on this machine (null otherwise); PGlite runs inside this
 * process, so its time is in `node`.
 */
export async function cpuSnapshot(client: pg.Client, database: string | null): Promise<{ node: number; backends: Map<number, number> | null }> {
  const { user, system } = process.cpuUsage();
  const node = (user + system) / 1000;
  if (!database) return { node, backends: null };
  const { rows } = await client.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [database]);
  const backends = new Map<number, number>();
  for (const { pid } of rows) {
    const ms = processCpuMs(pid);
    if (ms !== null) backends.set(pid, ms);
  }
  return { node, backends: backends.size > 0 ? backends : null };
}

/** CPU ms between two snapshots; a backend that appeared in between counts from zero. */
export function cpuBetween(before: Awaited<ReturnType<typeof cpuSnapshot>>, after: Awaited<ReturnType<typeof cpuSnapshot>>) {
  let postgres: number | null = null;
  if (after.backends) {
    postgres = 0;
    for (const [pid, ms] of after.backends) postgres += ms - (before.backends?.get(pid) ?? 0);
  }
  return { node: after.node - before.node, postgres };
}
