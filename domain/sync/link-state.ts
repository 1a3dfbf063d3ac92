import type { FieldValues } from './values.js';

/** One value copied across: `from` is what the receiving side held before (kept for the audit log). */
export type FieldChange = { readonly field: string; readonly from: unknown; readonly to: unknown };

/** Both sides changed a two-way field differently since they last agreed; neither is overwritten until a person picks. */
export type FieldConflict = { readonly field: string; readonly ours: unknown; readonly theirs: unknown; readonly baseline: unknown };

/**
 * A value we owe the app and have not yet seen back in it. `from` is the app's value when we decided
 * to send: while the app still shows it, the write is in flight and the app has not "changed".
 */
export type PendingWrite = { readonly from: unknown; readonly to: unknown };
export type PendingWrites = Readonly<Record<string, PendingWrite>>;

/** What a link remembers between syncs. */
export type LinkSyncState = {
  /** The values both sides agreed on at the last sync (empty ones stored as null); empty before the first. */
  readonly baseline: FieldValues;
  readonly pending: PendingWrites;
  readonly conflicts: readonly FieldConflict[];
};

export const noSyncState: LinkSyncState = { baseline: {}, pending: {}, conflicts: [] };
