import { describe, expect, it } from 'vitest';
import type { Client } from '../../../domain/practice/client.js';
import type { SyncLevel } from '../../../domain/practice/connection.js';
import { asId } from '../../../domain/shared/ids.js';
import type { CompanySnapshot } from '../../../domain/sync/company-snapshot.js';
import { planSync } from '../../../domain/sync/engine.js';
import { gustoDeclaration } from '../../../adapters/gusto/registration.js';
import { applyRecord, clientFromRecord, recordValues, ourValues } from '../../../src/apps/company-fields.js';

const gustoFieldPolicies = gustoDeclaration(true).fields;

const t0 = new Date('2026-01-01T06:00:00Z');
const t1 = new Date('2026-01-02T06:00:00Z');
const snap = (s: Partial<CompanySnapshot> = {}): CompanySnapshot => ({
  externalId: 'co-1', name: 'Acme Inc', tradeName: 'Acme', businessStructure: 'llc', phone: '5550100',
  postalAddress: { line1: '1 Main St', city: 'Austin', region: 'TX', postcode: '73301', country: 'USA' },
  activeEmployees: 12, contractors: 2, fetchedAt: t0, ...s,
});
const fresh = (): Client => clientFromRecord(asId('cl-1'), asId('pr-1'), snap(), gustoFieldPolicies, t0);
const baseline = recordValues(snap(), gustoFieldPolicies);

/** One sync of a linked client under Gusto's policies, applied the way the Gusto sync applies it. */
const sync = (client: Client, s: CompanySnapshot, level: SyncLevel) => {
  const plan = planSync({ ours: ourValues(client, gustoFieldPolicies), theirs: recordValues(s, gustoFieldPolicies), baseline, policies: gustoFieldPolicies, level, firstSync: false });
  return { plan, client: applyRecord(client, plan.toOurs, s, t1) };
};

describe('Gusto\'s field policies through the sync engine', () => {
  it('declares every synced field inbound: Gusto wins', () => {
    expect(new Set(Object.values(gustoFieldPolicies))).toEqual(new Set(['inbound']));
  });

  it('creates a client carrying every synced field and the headcount evidence time', () => {
    const c = fresh();

    expect(c).toMatchObject({ name: 'Acme Inc', tradeName: 'Acme', businessStructure: 'llc', activeEmployees: 12, contractors: 2, headcountAt: t0 });
    expect(sync(c, snap(), 'all').plan.toOurs).toEqual([]);
  });

  it('changes nothing when Gusto reports the same data again, and sends nothing back', () => {
    const { plan } = sync(fresh(), snap({ fetchedAt: t1 }), 'all');

    expect(plan).toMatchObject({ toOurs: [], toTheirs: [], conflicts: [], ignored: [] });
  });

  it('overwrites a local edit under "all" and reports the old value', () => {
    const edited: Client = { ...fresh(), phone: '999 local edit' };

    const { plan, client } = sync(edited, snap({ fetchedAt: t1 }), 'all');

    expect(plan.toOurs).toEqual([{ field: 'phone', from: '999 local edit', to: '5550100' }]);
    expect(plan.toTheirs).toEqual([]);
    expect(client.phone).toBe('5550100');
  });

  it('under "names" lets a rename through and ignores the rest', () => {
    const { plan, client } = sync(fresh(), snap({ name: 'Acme Holdings Inc', activeEmployees: 40, fetchedAt: t1 }), 'names');

    expect(plan.toOurs).toEqual([{ field: 'name', from: 'Acme Inc', to: 'Acme Holdings Inc' }]);
    expect(plan.ignored.map((c) => c.field)).toEqual(['activeEmployees']);
    expect(client.activeEmployees).toBe(12);
  });

  it('under "none" never touches the client', () => {
    const { plan, client } = sync(fresh(), snap({ name: 'Other', phone: undefined }), 'none');

    expect(plan.toOurs).toEqual([]);
    expect(plan.ignored.map((c) => c.field)).toEqual(['name', 'phone']);
    expect({ ...client, updatedAt: t0 }).toEqual(fresh());
  });

  it('moves the headcount timestamp only when the count changes', () => {
    expect(sync(fresh(), snap({ activeEmployees: 13, fetchedAt: t1 }), 'all').client.headcountAt).toEqual(t1);
    expect(sync(fresh(), snap({ phone: '5550199', fetchedAt: t1 }), 'all').client.headcountAt).toEqual(t0);
  });

  it('clears a field Gusto no longer has', () => {
    const { plan, client } = sync(fresh(), snap({ tradeName: undefined }), 'all');

    expect(client.tradeName).toBeUndefined();
    expect(plan.toOurs).toEqual([{ field: 'tradeName', from: 'Acme', to: undefined }]);
  });
});
