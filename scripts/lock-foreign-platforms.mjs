/**
 * `npm run lock:platforms` — run after any `npm install` that changes package-lock.json.
 *
 * The registry mirror our machines reach serves only the linux-x64 builds of platform-specific
 * optional packages (@next/swc-*, @tailwindcss/oxide-*, ...). `npm install` then leaves the
 * other platforms out of the lock file, and `npm ci` refuses such a lock. This adds the missing
 * entries, marked optional with their os/cpu (read from the package name), so `npm ci` accepts
 * the lock and skips them on this platform exactly as it would with a complete lock.
 */
import { readFileSync, writeFileSync } from "node:fs";

const OS = ["android", "darwin", "freebsd", "linux", "win32", "openharmony", "netbsd", "openbsd", "sunos", "aix"];
const CPU = ["arm64", "x64", "arm", "ia32", "loong64", "ppc64", "riscv64", "s390x", "wasm32", "mips64el"];
const has = (name, word) => new RegExp(`(^|-)${word}(-|$)`).test(name);

const path = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(path, "utf8"));
const pkgs = lock.packages;
const added = [];

for (const [key, meta] of Object.entries(pkgs)) {
  for (const [dep, range] of Object.entries(meta.optionalDependencies ?? {})) {
    // npm resolves a dependency from the nearest node_modules up the tree.
    const candidates = [];
    for (let k = key; ; k = k.includes("/node_modules/") ? k.slice(0, k.lastIndexOf("/node_modules/")) : "") {
      candidates.push(`${k ? `${k}/` : ""}node_modules/${dep}`);
      if (!k) break;
    }
    if (candidates.some((c) => c in pkgs)) continue;
    const name = dep.split("/").at(-1);
    const os = OS.filter((o) => has(name, o));
    const cpu = CPU.filter((c) => has(name, c));
    if (os.length === 0 && cpu.length === 0) {
      console.warn(`left alone (no platform in its name): ${dep}`);
      continue;
    }
    pkgs[`node_modules/${dep}`] = {
      version: range.replace(/^[\^~=]/, ""),
      ...(meta.dev ? { dev: true } : {}),
      optional: true,
      ...(os.length ? { os } : {}),
      ...(cpu.length ? { cpu } : {}),
    };
    added.push(dep);
  }
}

lock.packages = Object.fromEntries(Object.entries(pkgs).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))));
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: added ${added.length} foreign-platform optional entries`);
