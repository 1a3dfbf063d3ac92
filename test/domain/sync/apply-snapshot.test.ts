import { describe, expect, it } from 'vitest';
import type { Client } from '../../../domain/practice/client.js';
import { asId } from '../../../domain/shared/ids.js';
import { applySnapshot, clientFromSnapshot, diffSnapshot } from '../../../domain/sync/apply-snapshot.js';
import type { CompanySnapshot } from '../../../domain/sync/company-snapshot.js';

const t0 = new Date('2026-01-01T06:00:00Z');
const t1 = new Date('2026-01-02T06:00:00Z');
const snap = (s: Partial<CompanySnapshot> = {}): CompanySnapshot => ({
  externalId: 'co-1', name: 'Acme Inc', tradeName: 'Acme', businessStructure: 'llc', phone: '5550100',
  postalAddress: { line1: '1 Main St', city: 'Austin', region: 'TX', postcode: '73301', country: 'USA' },
  activeEmployees: 12, contractors: 2, fetchedAt: t0, ...s,
});
const fresh = (): Client => clientFromSnapshot(asId('cl-1'), asId('pr-1'), snap(), t0);

describe('applying a Gusto snapshot to a client', () => {
  it('creates a client carrying every synced field and the headcount evidence time', () => {
    const c = fresh();

    expect(c).toMatchObject({ name: 'Acme Inc', tradeName: 'Acme', businessStructure: 'llc', activeEmployees: 12, contractors: 2, headcountAt: t0 });
    expect(diffSnapshot(c, snap())).toEqual([]);
  });

  it('changes nothing when Gusto reports the same data again', () => {
    const out = applySnapshot(fresh(), snap({ fetchedAt: t1 }), 'all', t1);

    expect(out.kind).toBe('unchanged');
    expect(out.client.updatedAt).toEqual(t0);
  });

  it('overwrites a local edit under "all" and reports the old value', () => {
    const edited: Client = { ...fresh(), phone: '999 local edit' };

    const out = applySnapshot(edited, snap({ fetchedAt: t1 }), 'all', t1);

    expect(out).toMatchObject({ kind: 'updated', changes: [{ field: 'phone', from: '999 local edit', to: '5550100' }] });
    expect(out.client.phone).toBe('5550100');
  });

  it('under "names" lets a rename through and ignores the rest', () => {
    const out = applySnapshot(fresh(), snap({ name: 'Acme Holdings Inc', activeEmployees: 40, fetchedAt: t1 }), 'names', t1);

    expect(out).toMatchObject({ kind: 'updated', changes: [{ field: 'name', from: 'Acme Inc', to: 'Acme Holdings Inc' }], ignored: ['activeEmployees'] });
    expect(out.client.activeEmployees).toBe(12);
  });

  it('under "names" skips a client whose only changes are not names', () => {
    const out = applySnapshot(fresh(), snap({ activeEmployees: 40 }), 'names', t1);

    expect(out).toMatchObject({ kind: 'skipped', level: 'names', ignored: ['activeEmployees'] });
  });

  it('under "none" never touches the client', () => {
    const out = applySnapshot(fresh(), snap({ name: 'Other', phone: undefined }), 'none', t1);

    expect(out.kind).toBe('skipped');
    expect(out.client).toEqual(fresh());
  });

  it('moves the headcount timestamp only when the count changes', () => {
    const out = applySnapshot(fresh(), snap({ activeEmployees: 13, fetchedAt: t1 }), 'all', t1);

    expect(out.client.headcountAt).toEqual(t1);
  });

  it('clears a field Gusto no longer has', () => {
    const out = applySnapshot(fresh(), snap({ tradeName: undefined }), 'all', t1);

    expect(out.client.tradeName).toBeUndefined();
    expect(out).toMatchObject({ changes: [{ field: 'tradeName', from: 'Acme', to: undefined }] });
  });
});
