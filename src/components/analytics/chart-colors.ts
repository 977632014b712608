/** Chart colours (Tailwind's palette, as hex for SVG). Colour is never the only cue: legends and tables name every series. */
export const INTENT_COLORS = { SALES: "#10b981", SUPPORT: "#0ea5e9", SPAM: "#ef4444", OTHER: "#94a3b8", UNCLASSIFIED: "#cbd5e1" } as const;
export const TIER_COLORS = { HOT: "#f97316", WARM: "#f59e0b", COLD: "#38bdf8" } as const;
export const RESPONDER_COLORS = { AI: "#6366f1", HUMAN: "#14b8a6" } as const;
export const SERIES_COLORS = ["#2f6fed", "#10b981", "#f59e0b", "#8b5cf6", "#ef4444", "#0ea5e9", "#64748b", "#ec4899"] as const;

export const seriesColor = (index: number) => SERIES_COLORS[index % SERIES_COLORS.length]!;
