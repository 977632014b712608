import { describe, expect, it } from "vitest";
import { POST } from "./route";

describe("POST /api/bench-baseline", () => {
  it("does not exist unless the benchmark started the server with BENCH_BASELINE=1", async () => {
    expect(process.env.BENCH_BASELINE).toBeUndefined();
    const res = await POST(new Request("http://localhost/api/bench-baseline", { method: "POST", body: "{}" }));
    expect(res.status).toBe(404);
  });
});
