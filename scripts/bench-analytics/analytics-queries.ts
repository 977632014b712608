import { checkCrmHealth } from "../../src/server/analytics/check-crm-health";
import { countMessageVolume } from "../../src/server/analytics/count-message-volume";
import { measureFirstResponse } from "../../src/server/analytics/measure-first-response";
import { summarizeAiUsage } from "../../src/server/analytics/summarize-ai-usage";
import { summarizeLeads } from "../../src/server/analytics/summarize-leads";
import { tallyReplyOutcomes } from "../../src/server/analytics/tally-reply-outcomes";
import type { SqlRange } from "../../src/server/analytics/analytics-input";
import type { RawSql } from "../../src/server/infra/db/sql";

/** The aggregates the analytics router serves, by procedure name (src/server/api/routers/analytics.ts). */
export const ANALYTICS_QUERIES: ReadonlyArray<{ name: string; run: (tx: RawSql, r: SqlRange) => Promise<unknown> }> = [
  { name: "volume", run: countMessageVolume },
  { name: "firstResponse", run: measureFirstResponse },
  { name: "leads", run: summarizeLeads },
  { name: "replyOutcomes", run: tallyReplyOutcomes },
  { name: "aiUsage", run: (tx, r) => summarizeAiUsage(tx, r) },
  { name: "crmHealth", run: checkCrmHealth },
];
