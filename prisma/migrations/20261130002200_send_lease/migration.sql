-- A send lease that never sends a reply twice (src/server/pipeline/send-reply.ts, sweep-outbox.ts).
--
-- QUEUED -> SENDING (claimed) -> "dispatchedAt" set just before the platform call -> SENT / FAILED /
-- back to QUEUED. A SENDING reply whose lease ran out before its call started is claimed again
-- (nothing reached the platform). One whose call had started may have been posted: it becomes
-- DELIVERY_UNKNOWN (or QUEUED again where the platform deduplicates by our key), is shown in the
-- inbox and is never sent again on its own; a platform echo or a person settles it.
-- No new personal data; "replies" keeps its row-level security.

ALTER TYPE "ReplyStatus" ADD VALUE 'DELIVERY_UNKNOWN';

ALTER TABLE "replies" ADD COLUMN "dispatchedAt" TIMESTAMP(3);

-- As in 20261130000700_outbox, with SENDING split by whether its platform call had started:
-- 'send-reply' (re-publish: QUEUED, or SENDING never dispatched) and 'reply-lease-expired'
-- (the sweeper settles it in the tenant's own transaction; never re-sent blindly). Ids only.
CREATE OR REPLACE FUNCTION outbox_stranded_work(p_received_before timestamp(3), p_queued_before timestamp(3), p_sending_before timestamp(3), p_limit integer)
  RETURNS TABLE ("job" text, "workspaceId" text, "id" text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    (SELECT 'process-message', m."workspaceId", m."id" FROM public."messages" m
      WHERE m."status" = 'RECEIVED' AND m."receivedAt" < p_received_before AND m."direction" = 'INBOUND'
        AND NOT EXISTS (SELECT 1 FROM public."outbox" o WHERE o."workspaceId" = m."workspaceId" AND o."name" = 'process-message' AND o."dedupId" = m."id")
      ORDER BY m."receivedAt" LIMIT greatest(1, least(p_limit, 1000)))
    UNION ALL
    (SELECT CASE WHEN r."status" = 'SENDING' AND r."dispatchedAt" IS NOT NULL THEN 'reply-lease-expired' ELSE 'send-reply' END, r."workspaceId", r."id"
       FROM public."replies" r
      WHERE r."status" IN ('QUEUED', 'SENDING')
        AND ((r."status" = 'QUEUED' AND r."updatedAt" < p_queued_before) OR (r."status" = 'SENDING' AND r."updatedAt" < p_sending_before))
        AND NOT EXISTS (SELECT 1 FROM public."outbox" o WHERE o."workspaceId" = r."workspaceId" AND o."name" = 'send-reply' AND o."dedupId" = r."id")
      ORDER BY r."updatedAt" LIMIT greatest(1, least(p_limit, 1000)))
$$;
