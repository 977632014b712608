import type { RouterOutputs } from "@/components/trpc/router-types";
import { Badge, type BadgeTone } from "./badge";

export type Platform = RouterOutputs["inbox"]["list"][number]["platform"];

export const PLATFORM_LABELS: Record<Platform, string> = {
  FACEBOOK: "Facebook",
  INSTAGRAM: "Instagram",
  X: "X",
  LINKEDIN: "LinkedIn",
  WHATSAPP: "WhatsApp",
  DEMO: "Demo",
};

const TONES: Record<Platform, BadgeTone> = {
  FACEBOOK: "brand",
  INSTAGRAM: "violet",
  X: "slate",
  LINKEDIN: "sky",
  WHATSAPP: "emerald",
  DEMO: "amber",
};

export function PlatformBadge({ platform }: { platform: Platform }) {
  return <Badge tone={TONES[platform]}>{PLATFORM_LABELS[platform]}</Badge>;
}
