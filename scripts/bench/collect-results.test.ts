import { describe, expect, it } from "vitest";
import { measure, type Outcome } from "./collect-results";
import type { Arrival } from "./drive-load";
import { percentile } from "./percentiles";

const arrival = (id: string, acceptedAt: number, error?: string): Arrival => ({ platformMessageId: id, kind: "sales", postedAt: acceptedAt - 5, acceptedAt, error });
const outcome = (id: string, o: Partial<Outcome>): [string, Outcome] => [
  id,
  { platformMessageId: id, messageStatus: "PROCESSED", intent: "SALES", processedMs: null, replyStatus: null, sentMs: null, ...o },
];

describe("measure", () => {
  it("times sent replies from webhook accepted to sentAt, counts processed-only messages for throughput, and keeps failures apart", () => {
    const arrivals = [arrival("a", 1_000), arrival("b", 1_100), arrival("c", 1_200), arrival("d", 1_300), arrival("e", 1_400, "RATE_LIMITED")];
    const outcomes = new Map([
      outcome("a", { processedMs: 1_150, replyStatus: "SENT", sentMs: 1_250 }),
      outcome("b", { intent: "SPAM", processedMs: 1_400 }),
      outcome("c", { processedMs: 1_500, replyStatus: "DRAFT" }),
      outcome("d", { messageStatus: "FAILED" }),
    ]);
    const m = measure(arrivals, outcomes);
    expect(m).toMatchObject({ messages: 5, sent: 1, drafted: 1, noReply: 1, failed: 1, rejected: 1, incomplete: 0 });
    expect(m.latencyMs).toMatchObject({ count: 1, p50: 250, p99: 250 });
    expect(m.postedLatencyMs).toMatchObject({ count: 1, p50: 255 }); // posted 5 ms before accepted
    expect(m.seconds).toBeCloseTo(0.5); // first accepted 1.000 s -> last completion 1.500 s
    expect(m.achievedPerSecond).toBeCloseTo(6); // 3 completed in 0.5 s
    expect(m.intents).toEqual({ SALES: 3, SPAM: 1 });
  });

  it("uses nearest-rank percentiles", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(values, 50), percentile(values, 95), percentile(values, 99)]).toEqual([50, 95, 99]);
    expect(percentile([], 50)).toBeNull();
  });
});
