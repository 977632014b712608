import pg from "pg";

/** One agent_runs row. */
export type RunRow = { messageId: string | null; agent: string; provider: string; model: string; tokensIn: number; tokensOut: number; costUsd: number; cacheHit: boolean; outcome: string; error: string | null };
/** One inbound message, with the flags of its AI reply when one was stored. */
export type MessageRow = { id: string; status: string; intent: string | null; confidence: number | null; replyFlags: string[] | null };
/** One usage_records row (tokens and cost per model and month). */
export type UsageRow = { provider: string; model: string; calls: number; tokensIn: number; tokensOut: number; costUsd: number };

export type Records = { messages: MessageRow[]; runs: RunRow[]; usage: UsageRow[] };

/**
 * What the app recorded for the workspace, read as the application role inside the tenant
 * (the way the app itself reads it, row-level security included).
 */
export async function readRecords(appUrl: string, workspaceId: string): Promise<Records> {
  const client = new pg.Client({ connectionString: appUrl, application_name: "leadline-bench-llm-cost" });
  await client.connect();
  try {
    await client.query("BEGIN READ ONLY");
    await client.query("SELECT set_config('app.workspace_id', $1, true)", [workspaceId]);
    const messages = await client.query<MessageRow>(
      `SELECT m.id, m.status::text AS status, m.intent::text AS intent, m."intentConfidence" AS confidence, r.flags AS "replyFlags"
         FROM messages m LEFT JOIN replies r ON r."aiForMessageId" = m.id
        WHERE m."workspaceId" = $1 AND m.direction = 'INBOUND'`,
      [workspaceId],
    );
    const runs = await client.query<RunRow>(
      `SELECT "messageId", agent, provider, model, "tokensIn", "tokensOut", "costUsd"::float8 AS "costUsd", "cacheHit", outcome, error
         FROM agent_runs WHERE "workspaceId" = $1`,
      [workspaceId],
    );
    const usage = await client.query<UsageRow>(
      `SELECT provider, model, calls, "tokensIn", "tokensOut", "costUsd"::float8 AS "costUsd" FROM usage_records WHERE "workspaceId" = $1`,
      [workspaceId],
    );
    await client.query("COMMIT");
    return { messages: messages.rows, runs: runs.rows, usage: usage.rows };
  } finally {
    await client.end();
  }
}
