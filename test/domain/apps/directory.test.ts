import { describe, expect, it } from 'vitest';
import { findEntry, knownStaff, linkedStaffIds, pairStaffByName, unlinkedStaff, type UserAppLink } from '../../../domain/apps/directory.js';
import { asId } from '../../../domain/shared/ids.js';

const staff = [
  { externalId: 'a1b2c3d4-0000-4000-8000-000000000001', name: 'Jo Bloggs' },
  { externalId: 'a1b2c3d4-0000-4000-8000-000000000002', name: 'Sam Lee' },
  { externalId: 'a1b2c3d4-0000-4000-8000-000000000003', name: 'Sam  Lee' },
  { externalId: 'a1b2c3d4-0000-4000-8000-000000000004', name: 'Ann Other' },
];
const link = (userId: string, externalId: string): UserAppLink =>
  ({ practiceId: asId('p'), userId: asId(userId), app: 'xpm', externalId, name: 'x', linkedAt: new Date('2026-01-01T00:00:00Z') });

describe('finding a staff member or template', () => {
  it('finds by the app id, in any case', () => {
    expect(findEntry(staff, 'A1B2C3D4-0000-4000-8000-000000000004')).toEqual({ ok: true, value: staff[3] });
  });

  it('finds by name, case and spacing ignored', () => {
    expect(findEntry(staff, '  jo BLOGGS ')).toEqual({ ok: true, value: staff[0] });
  });

  it('says two of one name are ambiguous, and an unknown name is not found', () => {
    expect(findEntry(staff, 'sam lee')).toEqual({ ok: false, error: { kind: 'ambiguous', matches: [staff[1], staff[2]] } });
    expect(findEntry(staff, 'Nobody')).toEqual({ ok: false, error: { kind: 'not-found' } });
  });
});

describe('partner and manager only when they are users here', () => {
  const linked = linkedStaffIds([link('u1', 'jo')]);

  it('keeps a staff member linked to a user', () => {
    expect(knownStaff({ name: 'Jo Bloggs', externalId: 'jo' }, linked)).toEqual({ name: 'Jo Bloggs', externalId: 'jo' });
  });

  it('reads an unlinked staff member, one without an id, or none as no one we know', () => {
    expect(knownStaff({ name: 'Sam Lee', externalId: 'sam' }, linked)).toBeUndefined();
    expect(knownStaff({ name: 'Jo Bloggs' }, linked)).toBeUndefined();
    expect(knownStaff(undefined, linked)).toBeUndefined();
  });
});

describe('adding every staff member at once', () => {
  it('pairs each unlinked staff member with the one unlinked person of the same name, and leaves namesakes and the rest to pick', () => {
    const people = [{ id: asId<'User'>('u1'), displayName: 'jo bloggs' }, { id: asId<'User'>('u2'), displayName: 'Sam Lee' }, { id: asId<'User'>('u3'), displayName: 'Ann Other' }];

    const r = pairStaffByName(staff, people, [link('u3', 'someone-else')]);

    expect(r.pairs).toEqual([{ staff: staff[0], userId: 'u1' }]);
    // Two staff called Sam Lee could be either; Ann Other's namesake here is already linked.
    expect(r.unpaired.map((s) => s.name)).toEqual(['Sam Lee', 'Sam  Lee', 'Ann Other']);
  });

  it('offers only staff no one here is linked to', () => {
    expect(unlinkedStaff(staff, [link('u1', staff[0]!.externalId)]).map((s) => s.name)).toEqual(['Sam Lee', 'Sam  Lee', 'Ann Other']);
  });
});
