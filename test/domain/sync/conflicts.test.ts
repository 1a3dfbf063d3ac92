import { describe, expect, it } from 'vitest';
import { resolveConflict } from '../../../domain/sync/conflicts.js';
import { planSync } from '../../../domain/sync/engine.js';
import type { LinkSyncState } from '../../../domain/sync/link-state.js';

const state: LinkSyncState = {
  baseline: { phone: '1', fax: '5' },
  pending: { fax: { from: '5', to: '6' } },
  conflicts: [{ field: 'phone', ours: '2', theirs: '3', baseline: '1' }],
};
const policies = { phone: 'two-way', fax: 'two-way' } as const;

describe('settling a conflict', () => {
  it('keeping theirs applies the app\'s value to our client and makes it the baseline', () => {
    const r = resolveConflict(state, 'phone', 'theirs');

    expect(r).toMatchObject({ ok: true, value: { toOurs: { field: 'phone', from: '2', to: '3' }, toTheirs: null } });
    if (!r.ok) return;
    expect(r.value.state).toEqual({ baseline: { phone: '3', fax: '5' }, pending: state.pending, conflicts: [] });
  });

  it('keeping ours returns the write for the app, makes ours the baseline and owes it until the app shows it', () => {
    const r = resolveConflict(state, 'phone', 'ours');

    expect(r).toMatchObject({ ok: true, value: { toOurs: null, toTheirs: { field: 'phone', from: '3', to: '2' } } });
    if (!r.ok) return;
    expect(r.value.state.baseline).toEqual({ phone: '2', fax: '5' });
    expect(r.value.state.pending).toEqual({ ...state.pending, phone: { from: '3', to: '2' } });
    expect(r.value.state.conflicts).toEqual([]);
  });

  it('after keeping ours, a sync before the app has our value changes nothing and raises no conflict', () => {
    const r = resolveConflict(state, 'phone', 'ours');
    if (!r.ok) throw new Error('setup');

    const next = planSync({ ours: { phone: '2', fax: '6' }, theirs: { phone: '3', fax: '5' }, ...r.value.state, policies, level: 'all', firstSync: false });

    expect(next).toMatchObject({ toOurs: [], toTheirs: [], conflicts: [] });
  });

  it('after keeping theirs, the next sync has nothing left to decide', () => {
    const r = resolveConflict(state, 'phone', 'theirs');
    if (!r.ok) throw new Error('setup');

    const next = planSync({ ours: { phone: '3', fax: '6' }, theirs: { phone: '3', fax: '6' }, ...r.value.state, policies, level: 'all', firstSync: false });

    expect(next).toMatchObject({ toOurs: [], toTheirs: [], conflicts: [], pending: {} });
  });

  it('refuses a field with no open conflict and changes nothing', () => {
    expect(resolveConflict(state, 'fax', 'ours')).toEqual({ ok: false, error: { kind: 'no-conflict', field: 'fax' } });
  });
});
