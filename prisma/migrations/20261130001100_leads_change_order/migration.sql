-- A CRM sync walks a workspace's leads oldest change first and resumes after the last lead it
-- took (keyset on updatedAt, id). This index lets each batch read the next rows in order and stop
-- once it has a batch, instead of sorting every lead of the workspace per batch.
CREATE INDEX "leads_workspaceId_updatedAt_id_idx" ON "leads"("workspaceId", "updatedAt", "id");
