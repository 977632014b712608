import { afterAll, beforeAll, expect, it } from "vitest";
import { startDemoFakes, type DemoFakes } from "./demo";
import { startReceiver } from "./test-receiver";

let demo: DemoFakes;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver();
  // Port 0: the fixed demo ports may be taken by a running `npm run dev`.
  demo = await startDemoFakes({ metaPort: 0, xPort: 0, webhookUrl: receiver.url });
});
afterAll(async () => {
  await demo.close();
  await receiver.close();
});

it("starts both fakes with the demo accounts and a customer who keeps writing", async () => {
  expect(demo.meta.store.pages[0]).toMatchObject({ name: "Owen Bikes Page", instagram: { username: "owenbikes" } });
  expect(demo.x.account.username).toBe("owenbikes");
  expect(demo.env.META_GRAPH_URL).toBe(demo.meta.url);
  const page = demo.meta.store.pages[0]!;
  demo.meta.store.subscriptions.set(page.id, ["messages", "feed"]);
  const stop = demo.startChatter(20);
  await new Promise((resolve) => setTimeout(resolve, 250));
  stop();
  expect(receiver.received.length).toBeGreaterThan(0);
  expect(demo.x.store.tweets.length + demo.x.store.dmEvents.length).toBeGreaterThan(0);
});
