import type { Client } from '../../domain/practice/client.js';
import { newPractice } from '../../domain/practice/practice.js';
import type { User } from '../../domain/practice/user.js';
import { asId } from '../../domain/shared/ids.js';
import type { AppClientInput } from '../../domain/sync/app-client.js';
import type { ImportApp } from '../../src/clients/app-client-access.js';
import { createAppClientImport } from '../../src/clients/app-clients.js';
import { fixedClock, sequentialIds } from '../fakes/clock.js';
import { InMemoryAppClientStore } from '../fakes/in-memory-app-clients.js';
import { InMemoryAppLinkStore, InMemoryClientStore, InMemoryConnectionStore } from '../fakes/in-memory-clients.js';
import { InMemoryAuditLog } from '../fakes/in-memory-practice.js';
import { aClient } from './app-clients.js';

/** A ledger whose customers are imported (Sage's declaration as far as the import reads it), in its sandbox. */
export const sageApp: ImportApp = { id: 'sage', name: 'Sage', sandbox: true, account: { one: 'business', many: 'businesses' }, capabilities: ['import-clients', 'issue-invoices'] };
/** An app that brings its companies in by itself. */
export const gustoApp: ImportApp = { id: 'gusto', name: 'Gusto', sandbox: false, account: { one: 'company', many: 'companies' }, capabilities: ['read-clients', 'count-employees'] };

/**
 * Practice pr-1 ("Ledger & Co") with Sage connected (unless `connected: false`) and the import use
 * cases over in-memory stores; `actor` is staff member Sam.
 */
export async function appClientWorld(o: { readonly connected?: boolean } = {}) {
  const clock = fixedClock('2026-11-02T09:00:00Z');
  const practice = newPractice(asId('pr-1'), 'Ledger & Co', clock.now());
  const clients = new InMemoryClientStore();
  const links = new InMemoryAppLinkStore(clients);
  const connections = new InMemoryConnectionStore();
  const appClients = new InMemoryAppClientStore(links);
  const audit = new InMemoryAuditLog();
  if (o.connected !== false) {
    await connections.save({
      id: asId('conn-1'), practiceId: practice.id, provider: 'sage', externalId: 'biz-uk', label: 'Ledger Books Ltd', status: 'active',
      tokens: { accessToken: 'a', refreshToken: 'r', expiresAt: new Date('2026-12-01T00:00:00Z') }, settings: {}, connectedAt: clock.now(),
    });
  }
  const deps = { clients, links, connections, appClients, audit, clock, ids: sequentialIds('new'), apps: [gustoApp, sageApp] };
  const uc = createAppClientImport(deps);
  const user: User = { id: asId('u-sam'), practiceId: practice.id, displayName: 'Sam', role: 'staff', identities: [{ platform: 'slack', workspaceId: 'T1', userId: 'sam' }], createdAt: clock.now() };
  const actor = { practice, user };
  const client = async (name: string, over: Partial<Client> = {}): Promise<Client> => {
    const c = aClient(name, { practiceId: practice.id, ...over });
    await clients.save(c);
    return c;
  };
  const records = async (...rs: readonly (Pick<AppClientInput, 'externalId' | 'name'> & Partial<AppClientInput>)[]) =>
    appClients.put(practice.id, 'sage', rs.map((r) => ({ updatedAt: clock.now(), ...r })), clock.now());
  const linkOf = async (externalId: string) => (await links.find(practice.id, 'sage', externalId))?.clientId ?? null;
  return { ...deps, deps, uc, practice, user, actor, client, records, linkOf };
}
