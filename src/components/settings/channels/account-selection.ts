export type PendingAccount = { externalId: string; alreadyConnected: boolean };

/** Accounts the admin may still tick: the ones not connected to this workspace yet. */
export function selectableAccounts<T extends PendingAccount>(accounts: readonly T[]): T[] {
  return accounts.filter((a) => !a.alreadyConnected);
}

/**
 * Nothing is ticked for the admin, since consent to several Pages is not a choice to connect
 * them all; a single connectable account (an X login) is ticked to save a pointless click.
 */
export function initialSelection(accounts: readonly PendingAccount[]): string[] {
  const selectable = selectableAccounts(accounts);
  return selectable.length === 1 && selectable[0] ? [selectable[0].externalId] : [];
}

/** The selection with `externalId` added or removed, in the accounts' order; connected ones can never be in it. */
export function toggleSelection(accounts: readonly PendingAccount[], selected: readonly string[], externalId: string, on: boolean): string[] {
  const next = new Set(selected);
  if (on) next.add(externalId);
  else next.delete(externalId);
  return selectableAccounts(accounts)
    .map((a) => a.externalId)
    .filter((id) => next.has(id));
}

/** The outcome of "Connect selected" in one sentence. */
export function describeConnected(connected: number): string {
  if (connected === 0) return "Nothing new was connected: those accounts are already connected.";
  return `Connected ${connected.toLocaleString("en")} ${connected === 1 ? "channel" : "channels"}. New messages on ${connected === 1 ? "it" : "them"} will appear in the inbox.`;
}
