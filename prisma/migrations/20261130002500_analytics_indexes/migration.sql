-- Indexes for the analytics page (src/server/analytics/), so its aggregates read a range of one
-- workspace's rows from an index instead of scanning the tables. No new tables, no new data:
-- every table here keeps its forced row-level security and policies.
--
-- Partial and covering (INCLUDE) indexes cannot be declared in schema.prisma; like the outbox's
-- partial indexes (20261130000700_outbox) they live only here.

-- Inbound messages by sent time: message volume by intent and channel, and the start of each
-- wait for a first response. Covering, so both read the index alone (index-only scans).
CREATE INDEX "messages_inbound_analytics_idx" ON "messages"("workspaceId", "sentAt")
  INCLUDE ("channelId", "conversationId", "intent") WHERE "direction" = 'INBOUND';

-- Sent replies by sent time: the end of each wait and who answered it (AI on its own, or a person).
CREATE INDEX "replies_sent_analytics_idx" ON "replies"("workspaceId", "sentAt")
  INCLUDE ("conversationId", "source", "approvedById") WHERE "status" = 'SENT';

-- Leads by when they first wrote in: tier mix and won/lost funnel of a range.
CREATE INDEX "leads_analytics_created_idx" ON "leads"("workspaceId", "createdAt")
  INCLUDE ("tier", "status", "contactId");
