import type { AppError, AppAuth } from '../../domain/apps/ports.js';
import { newPractice, type Practice } from '../../domain/practice/practice.js';
import type { AppConnection } from '../../domain/practice/connection.js';
import type { Client } from '../../domain/practice/client.js';
import { asId } from '../../domain/shared/ids.js';
import { err } from '../../domain/shared/result.js';
import type { AppClientInput } from '../../domain/sync/app-client.js';
import type { AppClientChanges, AppDeclaration, RegisteredApp } from '../../src/apps/app.js';
import { createAppsUseCases } from '../../src/apps/use-cases.js';
import { fakeAppDeclaration } from '../fakes/fake-app/registration.js';
import { fixedClock, sequentialIds } from '../fakes/clock.js';
import { InMemoryAppClientStore } from '../fakes/in-memory-app-clients.js';
import { InMemoryAppLinkStore, InMemoryClientStore, InMemoryConnectionStore, InMemorySyncRunStore } from '../fakes/in-memory-clients.js';
import { InMemoryConnectionLock, InMemoryOAuthNonces, InMemoryPracticeFlags, recordingReplies } from '../fakes/in-memory-apps.js';
import { InMemoryAuditLog, InMemoryPracticeStore } from '../fakes/in-memory-practice.js';
import { recordingNotifier } from '../fakes/recording-notifier.js';

/** The fake app as a ledger whose customers are offered for import, its names coming in when linked. */
export const offeringDeclaration: AppDeclaration = { ...fakeAppDeclaration, capabilities: ['import-clients', 'issue-invoices'], fields: { name: 'inbound-changes' } };

/**
 * The app's customers as its list call answers them: changed at or after `since` (inclusive), deleted
 * after it (exclusive), as Sage's `updated_or_created_since` and `deleted_since` do. Every call is counted.
 */
export class FakeCustomerList {
  readonly calls: (Date | null)[] = [];
  private readonly live = new Map<string, AppClientInput>();
  private readonly gone = new Map<string, Date>();
  failNext = false;

  put(externalId: string, name: string, at: Date, more: Partial<AppClientInput> = {}): void {
    this.gone.delete(externalId);
    this.live.set(externalId, { externalId, name, updatedAt: at, ...more });
  }

  remove(externalId: string, at: Date): void {
    this.live.delete(externalId);
    this.gone.set(externalId, at);
  }

  readonly list = async (_c: AppConnection, token: () => Promise<string>, since: Date | null): Promise<AppClientChanges> => {
    await token();
    this.calls.push(since);
    if (this.failNext) { this.failNext = false; throw new Error('the app answered 500'); }
    return {
      changed: [...this.live.values()].filter((r) => !since || r.updatedAt >= since),
      deleted: since ? [...this.gone.entries()].filter(([, at]) => at > since).map(([id]) => id) : [],
    };
  };
}

/** Counts every call the sync makes to the app's adapters (beyond the list call the customers count). */
const counted = (app: RegisteredApp, calls: string[]): RegisteredApp => {
  const adapters = Object.fromEntries(Object.entries(app.adapters).map(([k, v]) => [k, typeof v === 'function' ? (...a: unknown[]) => { calls.push(k); return (v as (...x: unknown[]) => unknown)(...a); } : v]));
  return { ...app, adapters: adapters as RegisteredApp['adapters'] };
};

/** A practice with the offering app connected on in-memory stores, and its use cases. */
export async function offeringWorld(o: { now?: string; syncNames?: boolean } = {}) {
  const clock = fixedClock(o.now ?? '2026-05-04T09:00:00Z');
  const clients = new InMemoryClientStore();
  const links = new InMemoryAppLinkStore(clients);
  const stores = {
    practices: new InMemoryPracticeStore(), connections: new InMemoryConnectionStore(), links, clients,
    runs: new InMemorySyncRunStore(), audit: new InMemoryAuditLog(), nonces: new InMemoryOAuthNonces(),
    flags: new InMemoryPracticeFlags(), lock: new InMemoryConnectionLock(), appClients: new InMemoryAppClientStore(links),
  };
  const practice: Practice = { ...newPractice(asId('pr-1'), 'Smith & Co', clock.now()), timeZone: 'Europe/London' };
  await stores.practices.create(practice, { platform: 'shell', workspaceId: 'local' });
  const customers = new FakeCustomerList();
  const refused: AppError = { kind: 'unavailable', detail: 'not expected in this test' };
  const auth: AppAuth = { authorizeUrl: () => 'https://fake.test/authorize', exchangeCode: async () => err(refused), refresh: async () => err(refused), revoke: async () => {} };
  const adapterCalls: string[] = [];
  const app = counted({ declaration: offeringDeclaration, adapters: { auth, identify: async () => err(refused), listClients: customers.list } }, adapterCalls);
  const notifier = recordingNotifier();
  const apps = createAppsUseCases([app], {
    ...stores, notifier, replies: recordingReplies(), clock, ids: sequentialIds('s'),
    sign: (data) => `signed-${data}`, requestSync: async () => {},
  });
  const connection: AppConnection = {
    id: asId('conn-1'), practiceId: practice.id, provider: offeringDeclaration.id, externalId: 'biz-1', label: 'Smith & Co Books', status: 'active',
    tokens: { accessToken: 'at', refreshToken: 'rt', expiresAt: new Date('2030-01-01T00:00:00Z') }, settings: { ledger: { syncNames: o.syncNames ?? false } }, connectedAt: clock.now(),
  };
  await stores.connections.save(connection);
  const uc = apps.each[0]!;

  let n = 0;
  /** A client here, linked to the app's record at the given level, as a person links it: with the app's name as it is now (`appName`, else the client's). */
  const linked = async (externalId: string, name: string, syncLevel: 'all' | 'names' | 'none' = 'all', appName = name): Promise<Client> => {
    const client: Client = { id: asId(`c-${++n}`), practiceId: practice.id, status: 'client', name, createdAt: clock.now(), updatedAt: clock.now() };
    await clients.save(client);
    await links.save({ practiceId: practice.id, provider: offeringDeclaration.id, externalId, clientId: client.id, syncLevel, baseline: { name: appName } });
    return client;
  };
  const setSyncNames = async (on: boolean) => {
    const c = (await stores.connections.get(practice.id, connection.id))!;
    await stores.connections.save({ ...c, settings: { ...c.settings, ledger: { syncNames: on } } });
  };
  const sync = () => uc.sync.sync(practice.id, { trigger: 'manual' });
  return { clock, stores, practice, customers, adapterCalls, notifier, uc, connection, linked, setSyncNames, sync };
}

export type OfferingWorld = Awaited<ReturnType<typeof offeringWorld>>;
