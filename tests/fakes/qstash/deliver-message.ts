import { signQStashJwt } from "./sign-jwt";

export type MessageState = "pending" | "delivered" | "failed";

export interface FakeMessage {
  messageId: string;
  destination: string;
  method: string;
  body: Buffer;
  /** Headers delivered to the destination (Content-Type and the Upstash-Forward-* ones, unprefixed). */
  headers: Record<string, string>;
  retries: number;
  /** Upstash-Retry-Delay expression as published; recorded, the fake uses its own backoff. */
  retryDelay: string | undefined;
  notBefore: number;
  deduplicationId: string | undefined;
  scheduleId: string | undefined;
  state: MessageState;
  /** Deliveries made so far minus one (what the next Upstash-Retried header says). */
  retried: number;
  /** Set when the message ended in the dead-letter queue. */
  dlqReason: "retries-exhausted" | "non-retryable" | undefined;
}

export interface DeliveryRecord {
  messageId: string;
  url: string;
  retried: number;
  status: number | null;
  error: string | undefined;
  nonRetryable: boolean;
  requestHeaders: Record<string, string>;
  responseBody: string;
  at: number;
}

export interface Delivery {
  signingKey: string;
  timeoutMs: number;
  backoffMs: (retried: number) => number;
  record: (delivery: DeliveryRecord) => void;
  sleep: (ms: number) => Promise<void>;
  signal: AbortSignal;
}

/**
 * QStash's delivery loop for one message: wait for notBefore, POST with a fresh signature
 * per attempt, 2xx = delivered; 489 with Upstash-NonRetryable-Error: true = straight to
 * the DLQ; anything else (network errors, timeouts included) is retried after a backoff
 * until `retries` retries were made, then DLQ.
 */
export async function deliverMessage(message: FakeMessage, delivery: Delivery): Promise<void> {
  await delivery.sleep(message.notBefore - Date.now());
  while (!delivery.signal.aborted) {
    const requestHeaders: Record<string, string> = {
      ...message.headers,
      "User-Agent": "Upstash-QStash",
      "Upstash-Message-Id": message.messageId,
      "Upstash-Retried": String(message.retried),
      "Upstash-Signature": signQStashJwt({
        signingKey: delivery.signingKey,
        url: message.destination,
        body: message.body,
      }),
      ...(message.scheduleId ? { "Upstash-Schedule-Id": message.scheduleId } : {}),
    };
    const record: DeliveryRecord = {
      messageId: message.messageId,
      url: message.destination,
      retried: message.retried,
      status: null,
      error: undefined,
      nonRetryable: false,
      requestHeaders,
      responseBody: "",
      at: Date.now(),
    };
    try {
      const response = await fetch(message.destination, {
        method: message.method,
        headers: requestHeaders,
        body: message.method === "GET" || message.method === "HEAD" ? undefined : new Uint8Array(message.body),
        signal: AbortSignal.any([delivery.signal, AbortSignal.timeout(delivery.timeoutMs)]),
      });
      record.status = response.status;
      record.responseBody = await response.text();
      record.nonRetryable =
        response.status === 489 && response.headers.get("upstash-nonretryable-error")?.toLowerCase() === "true";
    } catch (err) {
      record.error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    }
    delivery.record(record);

    if (record.status !== null && record.status >= 200 && record.status < 300) {
      message.state = "delivered";
      return;
    }
    if (record.nonRetryable || message.retried >= message.retries) {
      message.state = "failed";
      message.dlqReason = record.nonRetryable ? "non-retryable" : "retries-exhausted";
      return;
    }
    await delivery.sleep(delivery.backoffMs(message.retried));
    message.retried += 1;
  }
}
