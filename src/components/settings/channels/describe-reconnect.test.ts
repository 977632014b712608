import { describe, expect, it } from "vitest";
import { describeReconnect } from "./describe-reconnect";

describe("describeReconnect", () => {
  it("is null when no channel needs reconnecting", () => {
    expect(describeReconnect([], true)).toBeNull();
  });

  it("names a single channel and tells an admin what waits", () => {
    expect(describeReconnect([{ platform: "FACEBOOK", name: "Acme Shoes" }], true)).toEqual({
      title: "Facebook channel “Acme Shoes” needs reconnecting",
      body: "The platform no longer accepts Leadline's access to it, so replies wait until it is reconnected.",
    });
  });

  it("counts several channels, says polling stops, and sends others to an admin", () => {
    const described = describeReconnect(
      [
        { platform: "INSTAGRAM", name: "acme.shoes" },
        { platform: "X", name: "Acme" },
      ],
      false,
    );
    expect(described?.title).toBe("2 channels need reconnecting");
    expect(described?.body).toBe(
      "The platform no longer accepts Leadline's access to them, so replies wait until they are reconnected. " +
        "New X mentions and messages are not fetched until then. Ask an admin to reconnect them.",
    );
  });
});
