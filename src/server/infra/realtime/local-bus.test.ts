import { describe, expect, it, vi } from "vitest";
import { describeRealtimeContract } from "../../../../tests/contracts/describe-realtime-contract";
import { createLocalBus } from "./local-bus";
import { RealtimeCapacityError, type RealtimeLogger } from "./realtime-port";

const quietLogger = () => ({ warn: vi.fn<RealtimeLogger["warn"]>() });

describeRealtimeContract("in-process EventEmitter", () => createLocalBus({}, { logger: quietLogger() }), 20);

describe("local bus", () => {
  it("bounds subscribers per workspace", async () => {
    const bus = createLocalBus({ maxListenersPerWorkspace: 2 }, { logger: quietLogger() });
    const stop = await bus.subscribe("ws1", () => undefined);
    await bus.subscribe("ws1", () => undefined);
    await expect(bus.subscribe("ws1", () => undefined)).rejects.toThrow(RealtimeCapacityError);
    await expect(bus.subscribe("ws2", () => undefined)).resolves.toBeTypeOf("function");
    stop();
    await expect(bus.subscribe("ws1", () => undefined)).resolves.toBeTypeOf("function");
  });
});
