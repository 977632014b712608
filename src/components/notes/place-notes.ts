/** A point of the thread a note can follow: a customer message, by when it was sent. */
export type NoteAnchor = { id: string; at: Date };

export type PlacedNotes<N> = {
  /** Notes written before the first message (or in a conversation without messages). */
  leading: N[];
  /** Message id -> the notes written after it and before the next message, oldest first. */
  after: Map<string, N[]>;
};

/**
 * Places internal notes in the thread timeline: each note follows the last message sent at or
 * before it was written (after that message's replies), so notes read in time order among the
 * messages. `anchors` are the thread's messages in order.
 */
export function placeNotes<N extends { createdAt: Date }>(anchors: readonly NoteAnchor[], notes: readonly N[]): PlacedNotes<N> {
  const leading: N[] = [];
  const after = new Map<string, N[]>();
  const ordered = [...notes].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  for (const note of ordered) {
    let anchor: NoteAnchor | undefined;
    for (const candidate of anchors) {
      if (candidate.at.getTime() <= note.createdAt.getTime()) anchor = candidate;
      else break;
    }
    if (!anchor) leading.push(note);
    else after.set(anchor.id, [...(after.get(anchor.id) ?? []), note]);
  }
  return { leading, after };
}
