import { z } from "zod";

/** What the benchmark and its fakes process (fakes-process.ts) say to each other over IPC. */
export type FakesConfig = {
  hubspot?: { client: { clientId: string; clientSecret: string }; limits: { burst: number; windowMs: number; daily: number | null } };
  salesforce?: { client: { clientId: string; clientSecret: string }; dailyAllocation: number };
};

export const fakeRequest = z.discriminatedUnion("type", [
  z.object({ type: z.literal("tokens"), crm: z.enum(["hubspot", "salesforce"]) }),
  z.object({ type: z.literal("report"), crm: z.enum(["hubspot", "salesforce"]) }),
  /** Starts the busy-time measure of a sync. */
  z.object({ type: z.literal("mark") }),
]);
export type FakeRequest = z.infer<typeof fakeRequest>;

/** Tokens as the CRM's token endpoint would hand them to the connect flow, and the metadata the flow stores. */
export type FakeTokens = { accessToken: string; refreshToken: string; expiresInSeconds: number; metadata: Record<string, string> };

/** What a fake saw and holds after the sync. */
export type FakeReport = {
  calls: Record<string, number>;
  /** The Leadline key of every record the CRM holds (a key twice: a duplicate). */
  keys: string[];
  /** Requests the CRM refused for its limits (429 / REQUEST_LIMIT_EXCEEDED). */
  refused: number;
  /** HubSpot: properties the prepare step created. */
  createdProperties: number;
  /** Milliseconds the fakes' event loop was busy since the last mark: their own work, done one request at a time. */
  busyMs: number;
};

export type FakeReply = { id: number; ok: true; body: FakeTokens | FakeReport | null } | { id: number; ok: false; error: string };

export const readyMessage = z.object({ ready: z.literal(true), urls: z.object({ hubspot: z.string().nullable(), salesforce: z.string().nullable() }) });
export const replyMessage = z.union([
  z.object({ id: z.number(), ok: z.literal(true), body: z.unknown() }),
  z.object({ id: z.number(), ok: z.literal(false), error: z.string() }),
]);
