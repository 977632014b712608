import { expect } from "vitest";
import { authOptions } from "@/server/auth/auth-options";
import { resetEnvCache } from "@/server/infra/env/load-env";
import { resetPorts } from "@/server/infra/runtime/ports";
import { startTestBridge } from "../../fakes/upstash-redis/start-test-bridge";
import { uniqueEmail } from "../../helpers/factories";
import { figure } from "../figures";

const ROW = "7. X-Forwarded-For rotation";
const ATTEMPTS = 14;

/** The attacker's real address, appended by the one trusted proxy; everything left of it is forged per attempt. */
const forged = (i: number) => `198.18.${Math.floor(i / 250)}.${i % 250}, 203.0.113.77`;

async function signUpOverHttp(appUrl: string, i: number): Promise<number> {
  const res = await fetch(`${appUrl}/api/trpc/account.signUp`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": forged(i) },
    body: JSON.stringify({ json: { name: "Rotator", email: uniqueEmail(`rot${i}`), password: "correct-horse-9" } }),
  });
  await res.text();
  return res.status;
}

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;

/**
 * next-auth's credentials check, called as its handler calls it (the route handler itself needs
 * Next's request context): a different account each time, so only the per-address limit can stop it.
 */
async function signIn(i: number): Promise<string> {
  const authorize = (authOptions().providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;
  return authorize({ email: uniqueEmail(`spray${i}`), password: "wrong-password-1" }, { headers: { "x-forwarded-for": forged(i) } }).then(
    () => "checked",
    (e: Error) => (/Too many/i.test(e.message) ? "limited" : e.message),
  );
}

/**
 * Behind one trusted proxy (TRUST_PROXY=1), with the shared limiter on a real Redis (through the
 * Upstash REST bridge): sign-ups and sign-ins from one client that forges a fresh leftmost
 * X-Forwarded-For entry on every attempt are still limited per address.
 */
export async function forwardedForRotation(appUrl: string): Promise<void> {
  const bridge = await startTestBridge();
  const saved = { TRUST_PROXY: process.env.TRUST_PROXY, UPSTASH_REDIS_REST_URL: process.env.UPSTASH_REDIS_REST_URL, UPSTASH_REDIS_REST_TOKEN: process.env.UPSTASH_REDIS_REST_TOKEN };
  Object.assign(process.env, { TRUST_PROXY: "1", UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: bridge.token });
  resetEnvCache();
  resetPorts();
  try {
    const signUps: number[] = [];
    for (let i = 0; i < 7; i += 1) signUps.push(await signUpOverHttp(appUrl, i));
    const signIns: string[] = [];
    for (let i = 100; i < 100 + ATTEMPTS; i += 1) signIns.push(await signIn(i));
    const created = signUps.filter((s) => s === 200).length;
    const limitedUps = signUps.filter((s) => s === 429).length;
    const limitedIns = signIns.filter((s) => s === "limited").length;
    figure(ROW, `sign-up over HTTP (tRPC route): 7 attempts, 7 forged X-Forwarded-For values, ${created} created, ${limitedUps} refused 429 (limit 5/hour per address)`);
    figure(ROW, `sign-in (credentials check): ${ATTEMPTS} attempts, ${ATTEMPTS} forged values, ${ATTEMPTS - limitedIns} checked, ${limitedIns} refused as too many (limit 10/min per address)`);
    expect(signUps).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(signIns.slice(10)).toEqual(["limited", "limited", "limited", "limited"]);
    expect(signIns.slice(0, 10).every((s) => s !== "limited")).toBe(true);
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnvCache();
    resetPorts();
    await bridge.stop();
  }
}
