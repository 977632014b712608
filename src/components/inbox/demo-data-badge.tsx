import { Badge } from "../ui/badge";
import { PlatformBadge, type Platform } from "../ui/platform-badge";

/** Conversations, contacts and leads that came through the Demo channel are sample data. */
export function isDemoData(platform: Platform): boolean {
  return platform === "DEMO";
}

/** Marks sample data from the Demo channel; an admin can clear it in Settings. */
export function DemoDataBadge() {
  return (
    <Badge tone="amber" title="Sample data from the Demo channel. Admins can clear it in Settings.">
      <span aria-hidden="true" className="size-1.5 rounded-full bg-amber-500" />
      Demo data
    </Badge>
  );
}

/** The platform a row came from, or the demo-data marker for the Demo channel. */
export function SourceBadge({ platform }: { platform: Platform }) {
  return isDemoData(platform) ? <DemoDataBadge /> : <PlatformBadge platform={platform} />;
}
