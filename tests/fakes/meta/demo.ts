/**
 * Both platform fakes on fixed ports with the demo's accounts: one Facebook Page ("Owen Bikes
 * Page") with a linked Instagram account, and one X account. `npm run dev` can start this so a
 * newcomer can click "Connect Facebook" / "Connect X" and watch customer messages arrive.
 * Standalone: `npx tsx tests/fakes/meta/demo.ts [webhook-url]` prints the env to export.
 */
import { startFakeX, type FakeX } from "../x/server";
import { startFakeMeta, type FakeMeta } from "./server";

export const DEMO_PORTS = { meta: 4610, x: 4620 };

export interface DemoFakes {
  meta: FakeMeta;
  x: FakeX;
  /** What the app reads to talk to the fakes instead of the real platforms. */
  env: Record<string, string>;
  /** Starts a customer writing every `everyMs` (rotating FB DM, IG DM, FB comment, X mention, X DM). */
  startChatter(everyMs?: number): () => void;
  close(): Promise<void>;
}

const LINES = [
  "Hi! Do you have the Owen Trail 29 in size L?",
  "What are your opening hours on Saturday?",
  "Can I book a repair for next week?",
  "Is the blue city bike still on sale?",
  "Do you ship to Lyon?",
];

export async function startDemoFakes(options: { metaPort?: number; xPort?: number; webhookUrl?: string } = {}): Promise<DemoFakes> {
  const meta = await startFakeMeta({
    port: options.metaPort ?? DEMO_PORTS.meta,
    pages: [{ id: "101000000000001", name: "Owen Bikes Page", category: "Bicycle shop", instagram: { id: "17841400000000001", username: "owenbikes" } }],
    user: { id: "100000000000001", name: "Owen (demo admin)" },
    webhookUrl: options.webhookUrl,
    echoSends: true,
  });
  const x = await startFakeX({ port: options.xPort ?? DEMO_PORTS.x, account: { id: "1790000000000000001", name: "Owen Bikes", username: "owenbikes" } });
  const env = {
    META_GRAPH_URL: meta.url,
    META_DIALOG_URL: meta.url,
    META_GRAPH_VERSION: meta.version,
    META_APP_ID: meta.appId,
    META_APP_SECRET: meta.appSecret,
    X_API_URL: x.url,
    X_AUTHORIZE_URL: `${x.url}/i/oauth2/authorize`,
    META_VERIFY_TOKEN: "leadline-demo-verify-token",
    X_CLIENT_ID: x.clientId,
    X_CLIENT_SECRET: x.clientSecret,
  };
  const timers = new Set<NodeJS.Timeout>();
  let turn = 0;
  const chatterOnce = async () => {
    const text = LINES[turn % LINES.length] ?? "Hello!";
    const kind = turn % 5;
    turn += 1;
    // Meta items reach the app only once it has connected the Page (subscribed_apps) and
    // the webhook URL is set; X items wait in the fake until the app polls.
    if (kind === 0) await meta.simulateInbound({ type: "messenger-message", text });
    else if (kind === 1) await meta.simulateInbound({ type: "instagram-message", text });
    else if (kind === 2) await meta.simulateInbound({ type: "facebook-comment", text });
    else if (kind === 3) x.addMention({ text: `@owenbikes ${text}` });
    else x.addDm({ text });
  };
  return {
    meta,
    x,
    env,
    startChatter(everyMs = 5_000) {
      const timer = setInterval(() => void chatterOnce().catch(() => undefined), everyMs);
      timers.add(timer);
      return () => {
        clearInterval(timer);
        timers.delete(timer);
      };
    },
    async close() {
      for (const timer of timers) clearInterval(timer);
      await Promise.all([meta.close(), x.close()]);
    },
  };
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const fakes = await startDemoFakes({ webhookUrl: process.argv[2] });
  for (const [key, value] of Object.entries(fakes.env)) console.log(`${key}=${value}`);
  fakes.startChatter(Number(process.env.DEMO_CHATTER_MS ?? 10_000));
  const stop = () => void fakes.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
