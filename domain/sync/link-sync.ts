import type { AppLink } from '../practice/connection.js';
import type { FieldChange, LinkSyncState } from './link-state.js';
import { identicalValue } from './values.js';

/** A link's remembered sync state; a link never synced has none. */
export const syncStateOf = (link: AppLink): LinkSyncState => ({
  baseline: link.baseline ?? {}, pending: link.pending ?? {}, conflicts: link.conflicts ?? [],
});

/** Whether the link has synced before: the first sync fills empty fields and copies first-sync-only ones. */
export const hasSynced = (link: AppLink): boolean => link.baseline !== undefined;

export const withSyncState = (link: AppLink, state: LinkSyncState): AppLink => ({
  ...link, baseline: state.baseline, pending: state.pending, conflicts: state.conflicts,
});

/** Whether a sync changed what the link remembers, so an unchanged re-sync writes nothing. */
export const syncStateChanged = (link: AppLink, state: LinkSyncState): boolean =>
  !hasSynced(link) || !identicalValue(syncStateOf(link), state);

/**
 * The writes this link still owes its app: one per field whose new value the app has not shown yet.
 * The seam the outbox reads: each becomes a write to the app, keyed by link and field.
 */
export const owedChanges = (link: AppLink): FieldChange[] =>
  Object.entries(link.pending ?? {}).map(([field, w]) => ({ field, from: w.from, to: w.to }));
