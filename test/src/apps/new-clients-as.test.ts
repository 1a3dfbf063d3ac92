import { describe, expect, it } from 'vitest';
import { asId, type PracticeId } from '../../../domain/shared/ids.js';
import { syncCompany } from '../../../src/apps/sync-company.js';
import { fixedClock, sequentialIds } from '../../fakes/clock.js';
import { InMemoryAppLinkStore, InMemoryClientStore } from '../../fakes/in-memory-clients.js';
import { InMemoryAuditLog } from '../../fakes/in-memory-practice.js';

/** An app may say its clients arrive as leads (XPM's do); every other app's arrive as clients, as before. */
const practiceId: PracticeId = asId('pr-1');
const world = () => {
  const clients = new InMemoryClientStore();
  return {
  app: 'someapp', fields: { name: 'two-way', phone: 'two-way' } as const,
  clients, links: new InMemoryAppLinkStore(clients), audit: new InMemoryAuditLog(),
  clock: fixedClock('2026-06-15T10:00:00Z'), ids: sequentialIds('cl'),
  };
};
const record = (name: string) => ({ externalId: `x-${name}`, name, phone: '0100', fetchedAt: new Date('2026-06-15T09:59:00Z') });

describe('what a client first brought in from an app is', () => {
  it('is a client by default', async () => {
    const d = world();

    await syncCompany(d, practiceId, record('Alpha Ltd'));

    expect((await d.clients.findByName(practiceId, 'Alpha Ltd'))[0]).toMatchObject({ status: 'client', phone: '0100' });
  });

  it('is a lead when the app says its new clients are leads', async () => {
    const d = { ...world(), newClientsAs: 'lead' as const };

    await syncCompany(d, practiceId, record('Beta LLP'));

    expect((await d.clients.findByName(practiceId, 'Beta LLP'))[0]).toMatchObject({ status: 'lead', phone: '0100' });
  });

  it('leaves an existing client of the same name as it was when it links to it', async () => {
    const d = { ...world(), newClientsAs: 'lead' as const };
    const now = d.clock.now();
    await d.clients.add({ id: asId('cl-own'), practiceId, status: 'client', name: 'Gamma Co', createdAt: now, updatedAt: now });

    await syncCompany(d, practiceId, record('Gamma Co'));

    expect((await d.clients.findByName(practiceId, 'Gamma Co'))[0]).toMatchObject({ id: 'cl-own', status: 'client' });
  });
});
