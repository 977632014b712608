import type { RouterOutputs } from "@/components/trpc/router-types";

export type Channel = RouterOutputs["channels"]["list"][number];
export type ChannelProvider = RouterOutputs["channels"]["providers"][number];
export type PendingFlow = RouterOutputs["channels"]["pending"];
