import { describe, expect, it } from 'vitest';
import { planSync, type SyncInput } from '../../../domain/sync/engine.js';
import type { FieldPolicies } from '../../../domain/sync/field-policy.js';

const twoWay: FieldPolicies = { name: 'two-way', phone: 'two-way', streetAddress: 'two-way', contacts: 'two-way' };
const plan = (o: Partial<SyncInput>) => planSync({ ours: {}, theirs: {}, policies: twoWay, level: 'all', firstSync: false, ...o });

const leeds = { line1: '1 High St', city: 'Leeds', postcode: 'LS1 1AA', country: 'GB' };
const york = { line1: '2 Low St', city: 'York', postcode: 'YO1 1AA', country: 'GB' };
const jo = { name: 'Jo Bloggs', email: 'jo@acme.test' };
const sam = { name: 'Sam Smith', phone: '0113 496 0000' };

describe('the sync engine on an inbound field', () => {
  const policies: FieldPolicies = { phone: 'inbound' };

  it('copies the app\'s value over ours, whatever the baseline says', () => {
    const out = plan({ policies, ours: { phone: 'ours' }, theirs: { phone: 'app' }, baseline: { phone: 'ours' } });

    expect(out.toOurs).toEqual([{ field: 'phone', from: 'ours', to: 'app' }]);
    expect(out.toTheirs).toEqual([]);
    expect(out.baseline).toEqual({ phone: 'app' });
  });

  it('clears our value when the app has none, and records "nothing" as agreed', () => {
    const out = plan({ policies, ours: { phone: 'ours' }, theirs: {} });

    expect(out.toOurs).toEqual([{ field: 'phone', from: 'ours', to: undefined }]);
    expect(out.baseline).toEqual({ phone: null });
  });

  it('never sends a change of ours to the app', () => {
    const out = plan({ policies, ours: { phone: 'edited' }, theirs: { phone: 'app' }, baseline: { phone: 'app' } });

    expect(out.toTheirs).toEqual([]);
    expect(out.conflicts).toEqual([]);
  });
});

describe('the sync engine on an inbound-changes field', () => {
  const policies: FieldPolicies = { name: 'inbound-changes' };

  it('remembers the app\'s value when it first sees it, and leaves ours: a mapping across two names stands', () => {
    const out = plan({ policies, firstSync: true, ours: { name: 'Acme Co Limited' }, theirs: { name: 'Acme Co Ltd' } });

    expect(out.toOurs).toEqual([]);
    expect(out.baseline).toEqual({ name: 'Acme Co Ltd' });
  });

  it('copies the app\'s value in once it moves away from the one remembered', () => {
    const out = plan({ policies, ours: { name: 'Acme Co Limited' }, theirs: { name: 'Acme Group Ltd' }, baseline: { name: 'Acme Co Ltd' } });

    expect(out.toOurs).toEqual([{ field: 'name', from: 'Acme Co Limited', to: 'Acme Group Ltd' }]);
    expect(out.baseline).toEqual({ name: 'Acme Group Ltd' });
    expect(out.toTheirs).toEqual([]);
  });

  it('keeps our own edit while the app has not moved, and never sends it', () => {
    const out = plan({ policies, ours: { name: 'Acme (edited)' }, theirs: { name: 'Acme Co Ltd' }, baseline: { name: 'Acme Co Ltd' } });

    expect(out).toMatchObject({ toOurs: [], toTheirs: [], conflicts: [], baseline: { name: 'Acme Co Ltd' } });
  });

  it('reports as kept out, under a level that stops it, only a move of the app\'s, not the difference it began with', () => {
    const still = plan({ policies, level: 'none', ours: { name: 'Acme Co Limited' }, theirs: { name: 'Acme Co Ltd' }, baseline: { name: 'Acme Co Ltd' } });
    const moved = plan({ policies, level: 'none', ours: { name: 'Acme Co Limited' }, theirs: { name: 'Acme Group Ltd' }, baseline: { name: 'Acme Co Ltd' } });

    expect(still.ignored).toEqual([]);
    expect(moved.ignored).toEqual([{ field: 'name', from: 'Acme Co Limited', to: 'Acme Group Ltd' }]);
    expect(moved.baseline).toEqual({ name: 'Acme Co Ltd' });
  });
});

describe('the sync engine on a first-sync-only field', () => {
  const policies: FieldPolicies = { businessStructure: 'first-sync-only' };

  it('copies the app\'s value on the first sync', () => {
    const out = plan({ policies, firstSync: true, ours: { businessStructure: 'llp' }, theirs: { businessStructure: 'limited-company' } });

    expect(out.toOurs).toEqual([{ field: 'businessStructure', from: 'llp', to: 'limited-company' }]);
  });

  it('leaves both sides alone on every later sync, and keeps no baseline for it', () => {
    const out = plan({ policies, ours: { businessStructure: 'llp' }, theirs: { businessStructure: 'limited-company' }, baseline: {} });

    expect(out).toMatchObject({ toOurs: [], toTheirs: [], conflicts: [], ignored: [], baseline: {} });
  });

  it('does not clear our value on the first sync when the app has none', () => {
    expect(plan({ policies, firstSync: true, ours: { businessStructure: 'llp' }, theirs: {} }).toOurs).toEqual([]);
  });
});

describe('the sync engine on an outbound-on-accept field', () => {
  it('is left to acceptance: never read, never sent, never in the baseline', () => {
    const out = plan({ policies: { jobTemplate: 'outbound-on-accept' }, firstSync: true, ours: { jobTemplate: 'a' }, theirs: { jobTemplate: 'b' } });

    expect(out).toEqual({ toOurs: [], toTheirs: [], baseline: {}, pending: {}, conflicts: [], ignored: [] });
  });
});

describe('the sync engine on a two-way field with a baseline', () => {
  it('does nothing when neither side moved', () => {
    const out = plan({ ours: { phone: '1' }, theirs: { phone: '1' }, baseline: { phone: '1' } });

    expect(out).toMatchObject({ toOurs: [], toTheirs: [], conflicts: [], pending: {} });
    expect(out.baseline.phone).toBe('1');
  });

  it('copies the app\'s change to us when only the app moved', () => {
    const out = plan({ ours: { phone: '1' }, theirs: { phone: '2' }, baseline: { phone: '1' } });

    expect(out.toOurs).toEqual([{ field: 'phone', from: '1', to: '2' }]);
    expect(out.baseline.phone).toBe('2');
  });

  it('sends our change to the app when only we moved, and owes it until the app shows it', () => {
    const out = plan({ ours: { phone: '3' }, theirs: { phone: '1' }, baseline: { phone: '1' } });

    expect(out.toTheirs).toEqual([{ field: 'phone', from: '1', to: '3' }]);
    expect(out.toOurs).toEqual([]);
    expect(out.baseline.phone).toBe('3');
    expect(out.pending).toEqual({ phone: { from: '1', to: '3' } });
  });

  it('sees no conflict when both sides moved to the same value', () => {
    const out = plan({ ours: { phone: '5' }, theirs: { phone: '5' }, baseline: { phone: '1' } });

    expect(out).toMatchObject({ toOurs: [], toTheirs: [], conflicts: [] });
    expect(out.baseline.phone).toBe('5');
  });

  it('keeps a conflict when both moved differently: neither side overwritten, the baseline unchanged', () => {
    const out = plan({ ours: { phone: '2' }, theirs: { phone: '3' }, baseline: { phone: '1' } });

    expect(out.conflicts).toEqual([{ field: 'phone', ours: '2', theirs: '3', baseline: '1' }]);
    expect(out.toOurs).toEqual([]);
    expect(out.toTheirs).toEqual([]);
    expect(out.baseline.phone).toBe('1');
  });

  it('reports the same conflict again on the next sync, and drops it once both sides agree', () => {
    const again = plan({ ours: { phone: '2' }, theirs: { phone: '3' }, baseline: { phone: '1' } });
    const settled = plan({ ours: { phone: '3' }, theirs: { phone: '3' }, baseline: again.baseline });

    expect(again.conflicts).toHaveLength(1);
    expect(settled.conflicts).toEqual([]);
    expect(settled.baseline.phone).toBe('3');
  });

  it('treats a value emptied on one side as a change like any other', () => {
    const out = plan({ ours: { phone: '1' }, theirs: { phone: '' }, baseline: { phone: '1' } });

    expect(out.toOurs).toEqual([{ field: 'phone', from: '1', to: '' }]);
    expect(out.baseline.phone).toBeNull();
  });

  it('knows an agreed empty value from a field never agreed on', () => {
    const out = plan({ ours: { phone: '2' }, theirs: {}, baseline: { phone: null } });

    expect(out.toTheirs).toEqual([{ field: 'phone', from: undefined, to: '2' }]);
  });
});

describe('the sync engine on a two-way field with no baseline yet', () => {
  it('fills our empty field from the app on the first sync', () => {
    const out = plan({ firstSync: true, ours: { name: 'Acme Ltd' }, theirs: { name: 'Acme Ltd', phone: '1' } });

    expect(out.toOurs).toEqual([{ field: 'phone', from: undefined, to: '1' }]);
    expect(out.baseline).toEqual({ name: 'Acme Ltd', phone: '1', streetAddress: null, contacts: null });
  });

  it('sends ours when the app\'s field is empty', () => {
    const out = plan({ firstSync: true, ours: { phone: '1' }, theirs: {} });

    expect(out.toTheirs).toEqual([{ field: 'phone', from: undefined, to: '1' }]);
    expect(out.pending).toEqual({ phone: { from: null, to: '1' } });
  });

  it('makes two different non-empty values a conflict with no baseline', () => {
    const out = plan({ firstSync: true, ours: { phone: '1' }, theirs: { phone: '2' } });

    expect(out.conflicts).toEqual([{ field: 'phone', ours: '1', theirs: '2', baseline: undefined }]);
    expect(out.baseline).not.toHaveProperty('phone');
  });

  it('ignores a stored baseline on a first sync', () => {
    const out = plan({ firstSync: true, ours: { phone: '1' }, theirs: { phone: '2' }, baseline: { phone: '1' } });

    expect(out.conflicts.map((c) => c.field)).toEqual(['phone']);
  });

  it('uses the first-sync rule for a field the baseline does not hold yet (a policy added later)', () => {
    const out = plan({ ours: { phone: '1' }, theirs: { phone: '2' }, baseline: { name: 'Acme' } });

    expect(out.conflicts).toEqual([{ field: 'phone', ours: '1', theirs: '2', baseline: undefined }]);
  });
});

describe('the sync engine comparing values by structure', () => {
  it('sees an address with its keys in another order, or with empty extras, as the same', () => {
    const out = plan({ ours: { streetAddress: { ...leeds, line2: '' } }, theirs: { streetAddress: { country: 'GB', postcode: 'LS1 1AA', city: 'Leeds', line1: '1 High St' } }, baseline: { streetAddress: leeds } });

    expect(out).toMatchObject({ toOurs: [], toTheirs: [], conflicts: [] });
  });

  it('copies a moved address across whole', () => {
    const out = plan({ ours: { streetAddress: leeds }, theirs: { streetAddress: york }, baseline: { streetAddress: leeds } });

    expect(out.toOurs).toEqual([{ field: 'streetAddress', from: leeds, to: york }]);
  });

  it('sees a contacts list in another order as unchanged', () => {
    const out = plan({ ours: { contacts: [jo, sam] }, theirs: { contacts: [sam, jo] }, baseline: { contacts: [jo, sam] } });

    expect(out).toMatchObject({ toOurs: [], toTheirs: [], conflicts: [] });
  });

  it('finds a contact edited on both sides differently a conflict over the whole list', () => {
    const ours = [{ ...jo, phone: '1' }, sam];
    const theirs = [{ ...jo, phone: '2' }, sam];

    const out = plan({ ours: { contacts: ours }, theirs: { contacts: theirs }, baseline: { contacts: [jo, sam] } });

    expect(out.conflicts).toEqual([{ field: 'contacts', ours, theirs, baseline: [jo, sam] }]);
  });

  it('treats an empty list as no value', () => {
    const out = plan({ firstSync: true, ours: { contacts: [] }, theirs: { contacts: [jo] } });

    expect(out.toOurs).toEqual([{ field: 'contacts', from: [], to: [jo] }]);
  });

  it('tells false from nothing', () => {
    const out = plan({ policies: { taxRegistered: 'two-way' }, firstSync: true, ours: {}, theirs: { taxRegistered: false } });

    expect(out.toOurs).toEqual([{ field: 'taxRegistered', from: undefined, to: false }]);
    expect(out.baseline).toEqual({ taxRegistered: false });
  });
});

describe('the sync engine under a sync level', () => {
  const policies: FieldPolicies = { name: 'two-way', tradeName: 'inbound', phone: 'inbound', fax: 'two-way' };
  const input = { policies, ours: { name: 'Old', tradeName: 'Old', phone: '1', fax: '9' }, theirs: { name: 'New', tradeName: 'New', phone: '2', fax: '8' }, baseline: { name: 'Old', tradeName: 'Old', phone: '1', fax: '7' } };

  it('"names" lets only the names through, and reports the rest as kept out', () => {
    const out = plan({ ...input, level: 'names' });

    expect(out.toOurs.map((c) => c.field)).toEqual(['name', 'tradeName']);
    expect(out.ignored).toEqual([{ field: 'phone', from: '1', to: '2' }, { field: 'fax', from: '9', to: '8' }]);
    expect(out.conflicts).toEqual([]);
    expect(out.baseline).toEqual({ name: 'New', tradeName: 'New', phone: '1', fax: '7' });
  });

  it('"none" changes nothing on either side and keeps the baseline as it was', () => {
    const out = plan({ ...input, level: 'none' });

    expect(out).toMatchObject({ toOurs: [], toTheirs: [], conflicts: [], baseline: input.baseline });
    expect(out.ignored.map((c) => c.field)).toEqual(['name', 'tradeName', 'phone', 'fax']);
  });

  it('"none" keeps what is still owed to the app', () => {
    const out = plan({ ...input, level: 'none', pending: { fax: { from: '7', to: '9' } } });

    expect(out.pending).toEqual({ fax: { from: '7', to: '9' } });
  });
});

describe('the sync engine with a write still owed to the app', () => {
  const owed = { phone: { from: '1', to: '3' } };

  it('reads the app\'s old value as a write in flight, not as a change that wins', () => {
    const out = plan({ ours: { phone: '3' }, theirs: { phone: '1' }, baseline: { phone: '3' }, pending: owed });

    expect(out).toMatchObject({ toOurs: [], toTheirs: [], conflicts: [], pending: owed });
    expect(out.baseline.phone).toBe('3');
  });

  it('forgets the debt once the app shows our value', () => {
    const out = plan({ ours: { phone: '3' }, theirs: { phone: '3' }, baseline: { phone: '3' }, pending: owed });

    expect(out.pending).toEqual({});
    expect(out.toOurs).toEqual([]);
  });

  it('sends our newer value when we changed it again while the first was in flight', () => {
    const out = plan({ ours: { phone: '4' }, theirs: { phone: '1' }, baseline: { phone: '3' }, pending: owed });

    expect(out.toTheirs).toEqual([{ field: 'phone', from: '1', to: '4' }]);
    expect(out.pending).toEqual({ phone: { from: '1', to: '4' } });
  });

  it('copies an app change made since we sent ours', () => {
    const out = plan({ ours: { phone: '3' }, theirs: { phone: '7' }, baseline: { phone: '3' }, pending: owed });

    expect(out.toOurs).toEqual([{ field: 'phone', from: '3', to: '7' }]);
    expect(out.pending).toEqual({});
  });

  it('is a conflict when both sides moved on after the write', () => {
    const out = plan({ ours: { phone: '4' }, theirs: { phone: '7' }, baseline: { phone: '3' }, pending: owed });

    expect(out.conflicts).toEqual([{ field: 'phone', ours: '4', theirs: '7', baseline: '3' }]);
    expect(out.pending).toEqual({});
  });
});
