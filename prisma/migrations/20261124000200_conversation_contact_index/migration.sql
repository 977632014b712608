-- The pipeline's contact-history features read every conversation of a contact.
CREATE INDEX "conversations_contactId_idx" ON "conversations"("contactId");
