"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { Role } from "./role";

export type ActiveWorkspace = { id: string; name: string; role: Role; userId: string };

const ActiveWorkspaceContext = createContext<ActiveWorkspace | null>(null);

/** Set by the app shell from the server's view of the session, so pages can adapt to the role. */
export function ActiveWorkspaceProvider({ value, children }: { value: ActiveWorkspace; children: ReactNode }) {
  return <ActiveWorkspaceContext.Provider value={value}>{children}</ActiveWorkspaceContext.Provider>;
}

export function useActiveWorkspace(): ActiveWorkspace {
  const value = useContext(ActiveWorkspaceContext);
  if (!value) throw new Error("useActiveWorkspace must be used inside the app shell");
  return value;
}
