import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { CrmConfigError, CrmUnavailableError } from "../crm-connector";

/**
 * Where a webhook may be delivered. The URL is typed by a workspace admin and we POST to it from
 * our servers, so in production it must be https and must not resolve to a private, loopback,
 * link-local (cloud metadata), CGNAT or multicast address (SSRF). Outside production, plain http
 * to localhost / 127.0.0.1 / ::1 is allowed for local receivers and the tests' fake.
 */
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) blocked.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8], ["64:ff9b::", 96]] as const) blocked.addSubnet(net, prefix, "ipv6");

/** True for an address no customer webhook can legitimately live at. IPv4-mapped IPv6 is checked as IPv4. */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return blocked.check(mapped[1], "ipv4");
  const family = isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 4 ? "ipv4" : "ipv6");
}

export type Resolve = (host: string) => Promise<string[]>;
const resolveAll: Resolve = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Checks a webhook URL before every delivery (a DNS answer can change after it was saved) and
 * returns it parsed. Throws CrmConfigError with a message the admin can act on. The check and the
 * connection resolve separately, so a DNS answer switched in between (rebinding) is not caught
 * here; the production network's egress rules are the second line (docs/crm/webhook.md).
 */
export async function checkWebhookUrl(raw: string, opts: { production: boolean; resolve?: Resolve }): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CrmConfigError("The webhook URL is not a valid URL.");
  }
  if (url.username || url.password) throw new CrmConfigError("The webhook URL must not contain a user name or password; authenticate with the signature.");
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol === "http:") {
    if (opts.production || !local) throw new CrmConfigError("The webhook URL must use https (plain http only for localhost outside production).");
    return url;
  }
  if (url.protocol !== "https:") throw new CrmConfigError("The webhook URL must use https.");
  if (!opts.production) return url;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await (opts.resolve ?? resolveAll)(host);
  } catch (error) {
    const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
    if (code === "ENOTFOUND" || code === "ENODATA") throw new CrmConfigError("The webhook URL's host name does not resolve.");
    throw new CrmUnavailableError("Resolving the webhook URL's host name failed; retry later.");
  }
  if (addresses.length === 0 || addresses.some(isPrivateAddress)) {
    throw new CrmConfigError("The webhook URL points at a private or reserved network address; use a public https endpoint.");
  }
  return url;
}
