-- Complaints, refund demands and angry or escalating messages are left as drafts for a person
-- unless the workspace opts in to answering them automatically.
ALTER TABLE "workspaces" ADD COLUMN "autoReplyComplaints" BOOLEAN NOT NULL DEFAULT false;
