import { describe, expect, it } from 'vitest';
import type { AppLink } from '../../../domain/practice/connection.js';
import { asId } from '../../../domain/shared/ids.js';
import { hasSynced, owedChanges, syncStateChanged, syncStateOf, withSyncState } from '../../../domain/sync/link-sync.js';

const link: AppLink = { practiceId: asId('pr-1'), provider: 'xpm', externalId: 'x-1', clientId: asId('c-1'), syncLevel: 'all' };
const state = { baseline: { name: 'Acme', phone: null, streetAddress: { city: 'Leeds', line1: '1 High St' } }, pending: { fax: { from: null, to: '9' } }, conflicts: [] };

describe('a link\'s sync state', () => {
  it('is empty, and counts as changed, before the first sync', () => {
    expect(hasSynced(link)).toBe(false);
    expect(syncStateOf(link)).toEqual({ baseline: {}, pending: {}, conflicts: [] });
    expect(syncStateChanged(link, { baseline: {}, pending: {}, conflicts: [] })).toBe(true);
  });

  it('is unchanged by the same values in another key order, so a re-sync writes nothing', () => {
    const synced = withSyncState(link, state);

    expect(syncStateChanged(synced, { ...state, baseline: { streetAddress: { line1: '1 High St', city: 'Leeds' }, phone: null, name: 'Acme' } })).toBe(false);
  });

  it('is changed when an agreed "nothing" becomes a missing key', () => {
    const synced = withSyncState(link, state);

    expect(syncStateChanged(synced, { ...state, baseline: { name: 'Acme', streetAddress: state.baseline.streetAddress } })).toBe(true);
  });

  it('lists the writes the app is still owed', () => {
    expect(owedChanges(withSyncState(link, state))).toEqual([{ field: 'fax', from: null, to: '9' }]);
    expect(owedChanges(link)).toEqual([]);
  });
});
