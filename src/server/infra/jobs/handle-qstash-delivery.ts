import { env } from "../env/load-env";
import { logger } from "../logger";
import { createJobReceiver, handleJobRequest } from "../queue/handle-job-request";
import { jobUrl } from "../queue/qstash-queue";
import { publishJobs } from "../runtime/queue";
import { bindJobHandlers } from "./bind-handlers";
import { recordJobFailure } from "./record-job-failure";

/** Handlers bound once per process; follow-up jobs they publish go out through QStash too. */
const registry = bindJobHandlers({ publish: publishJobs });

/** POST /api/jobs/[job]: a QStash delivery, verified on the raw body, run through the job registry. */
export async function handleQStashDelivery(job: string, req: Request): Promise<Response> {
  const e = env();
  if (!e.QSTASH_CURRENT_SIGNING_KEY || !e.QSTASH_NEXT_SIGNING_KEY) {
    return Response.json({ error: { code: "NOT_FOUND", message: "QStash is not configured on this deployment." } }, { status: 404 });
  }
  const result = await handleJobRequest({
    registry,
    name: job,
    rawBody: await req.text(),
    signature: req.headers.get("upstash-signature"),
    // The configured public URL, never the request's Host header (it is what QStash signed).
    url: jobUrl(e.APP_URL, job),
    receiver: createJobReceiver({ currentSigningKey: e.QSTASH_CURRENT_SIGNING_KEY, nextSigningKey: e.QSTASH_NEXT_SIGNING_KEY }),
    hooks: { onPermanentFailure: recordJobFailure, onDeadLetter: recordJobFailure },
    headers: req.headers,
    log: logger.child({ component: "jobs" }),
  });
  return Response.json(result.body, { status: result.status, headers: result.headers });
}
