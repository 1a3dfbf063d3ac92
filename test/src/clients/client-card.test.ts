import { describe, expect, it } from 'vitest';
import type { Client } from '../../../domain/practice/client.js';
import { newPractice } from '../../../domain/practice/practice.js';
import { asId } from '../../../domain/shared/ids.js';
import { clientCard } from '../../../src/clients/cards.js';

const at = new Date('2026-11-01T09:00:00Z');
const practice = newPractice(asId('pr-1'), 'Ledger & Co', at);

describe('the client card', () => {
  it('shows what a practice-management app syncs: partner, manager, groups, tax registration and contacts', () => {
    const client: Client = {
      id: asId('c-1'), practiceId: practice.id, status: 'client', name: 'Acme Ltd', createdAt: at, updatedAt: at,
      partner: { name: 'Pat Partner', externalId: 'staff-1' }, manager: { name: 'Max Manager' }, groups: ['Payroll', 'VIP'], taxRegistered: false,
      contacts: [{ name: 'Jo Bloggs', email: 'jo@acme.test', mobile: '07700 900000' }],
    };

    const shown = clientCard(practice, { client, contacts: [], links: [] }, (app) => app);

    expect(shown.fields).toEqual(expect.arrayContaining([
      { label: 'Partner', value: 'Pat Partner' }, { label: 'Manager', value: 'Max Manager' },
      { label: 'Groups', value: 'Payroll, VIP' }, { label: 'Tax registered', value: 'No' },
    ]));
    expect(shown.rows).toEqual([{ title: 'Jo Bloggs', text: 'jo@acme.test · 07700 900000' }]);
  });
});
