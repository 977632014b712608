/** Test-only: an XConfig pointing at a running fake (tests/fakes/x). */
import type { FakeX } from "../fakes/x/server";
import type { XConfig } from "../../src/server/channels/x/x-config";

export function fakeXConfig(x: FakeX, overrides: Partial<XConfig> = {}): XConfig {
  return { apiUrl: x.url, authorizeUrl: `${x.url}/i/oauth2/authorize`, clientId: x.clientId, clientSecret: x.clientSecret, timeoutMs: 2_000, ...overrides };
}
