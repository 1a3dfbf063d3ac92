import { err, ok, type Result } from '../shared/result.js';
import type { FieldChange, LinkSyncState } from './link-state.js';
import { storedValue } from './values.js';

/** Which side a person keeps: our client's value or the app's. */
export type ConflictSide = 'ours' | 'theirs';

export type ConflictResolution = {
  readonly state: LinkSyncState;
  /** Apply to our client (keeping theirs). */
  readonly toOurs: FieldChange | null;
  /** Send to the app (keeping ours); it is also owed in `state.pending` until the app shows it. */
  readonly toTheirs: FieldChange | null;
};

export type NoSuchConflict = { readonly kind: 'no-conflict'; readonly field: string };

/**
 * Settles one open conflict. Either way the kept value becomes the agreed baseline, so the next sync
 * sees nothing to decide. Keeping ours also records the write as owed, so a sync that runs before the
 * app receives it reads the app's old value as "in flight", not as a change that wins.
 */
export function resolveConflict(state: LinkSyncState, field: string, keep: ConflictSide): Result<ConflictResolution, NoSuchConflict> {
  const conflict = state.conflicts.find((c) => c.field === field);
  if (!conflict) return err({ kind: 'no-conflict', field });
  const kept = keep === 'ours' ? conflict.ours : conflict.theirs;
  const conflicts = state.conflicts.filter((c) => c !== conflict);
  const baseline = { ...state.baseline, [field]: storedValue(kept) };
  const { [field]: _settled, ...othersOwed } = state.pending;
  if (keep === 'theirs') {
    return ok({ state: { baseline, pending: othersOwed, conflicts }, toOurs: { field, from: conflict.ours, to: conflict.theirs }, toTheirs: null });
  }
  const pending = { ...othersOwed, [field]: { from: storedValue(conflict.theirs), to: storedValue(conflict.ours) } };
  return ok({ state: { baseline, pending, conflicts }, toOurs: null, toTheirs: { field, from: conflict.theirs, to: conflict.ours } });
}
