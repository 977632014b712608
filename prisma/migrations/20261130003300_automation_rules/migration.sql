-- Settings -> Automation (issue 13, point 4): per-intent modes and thresholds, channel overrides
-- and quiet hours, one JSON document validated by src/shared/automation/automation-rules.ts.
-- A column of "workspaces", so the table's existing row-level security and grants cover it.
ALTER TABLE "workspaces" ADD COLUMN "automationRules" JSONB;

-- Existing workspaces keep exactly what they had: sales and support auto-sent at the workspace
-- threshold (still behind "Send replies automatically" and each channel's switch), "other" never
-- drafted, no channel overrides, no quiet hours. A threshold outside the form's range (set by
-- hand) stays NULL, which the server reads as the same rules from "autoReplyThreshold".
UPDATE "workspaces"
SET "automationRules" = jsonb_build_object(
  'version', 1,
  'intents', jsonb_build_object(
    'sales', jsonb_build_object('mode', 'auto', 'threshold', "autoReplyThreshold"),
    'support', jsonb_build_object('mode', 'auto', 'threshold', "autoReplyThreshold"),
    'other', jsonb_build_object('mode', 'off', 'threshold', "autoReplyThreshold")),
  'channels', '[]'::jsonb,
  'quietHours', jsonb_build_object('enabled', false, 'start', '22:00', 'end', '07:00', 'timeZone', 'UTC'))
WHERE "automationRules" IS NULL AND "autoReplyThreshold" BETWEEN 0.5 AND 1;
