import { createHmac } from 'node:crypto';
import { createGustoPayrollAuth } from '../../adapters/gusto/payroll-system.js';
import { approveGustoConsent, startGustoSandbox, type ServedGustoSandbox } from '../../adapters/sandbox/gusto.js';
import { newPractice, type Practice } from '../../domain/practice/practice.js';
import type { SyncRunStore } from '../../domain/practice/ports.js';
import type { User } from '../../domain/practice/user.js';
import type { Clock, IdGenerator } from '../../domain/shared/clock.js';
import { asId } from '../../domain/shared/ids.js';
import type { SyncRequest } from '../../src/apps/sync.js';
import { createAppsUseCases, type AppDeps } from '../../src/apps/use-cases.js';
import { registerGusto } from '../../adapters/gusto/registration.js';
import { sequentialIds } from '../fakes/clock.js';
import { InMemoryAppLinkStore, InMemoryClientStore, InMemoryConnectionStore, InMemorySyncRunStore } from '../fakes/in-memory-clients.js';
import { InMemoryConnectionLock, InMemoryOAuthNonces, InMemoryPracticeFlags, recordingReplies } from '../fakes/in-memory-apps.js';
import { InMemoryAuditLog, InMemoryPracticeStore } from '../fakes/in-memory-practice.js';
import { recordingNotifier } from '../fakes/recording-notifier.js';

export const redirectUri = 'http://127.0.0.1:9/oauth/gusto/callback';
export const realClock: Clock = { now: () => new Date() };

/** Gusto use cases on in-memory stores, talking to the Gusto sandbox over loopback through the real adapters. */
export async function gustoWorld(o: {
  count?: number; clock?: Clock; sandbox?: ServedGustoSandbox; syncOnConnect?: boolean; billing?: Pick<AppDeps, 'onClientLinked' | 'lastBilled' | 'chosenCompany'>;
  /** Sync runs kept elsewhere, e.g. in the database, where other processes see them (give them unique ids). */
  runs?: SyncRunStore; ids?: IdGenerator;
} = {}) {
  const sandbox = o.sandbox ?? (await startGustoSandbox({ count: o.count ?? 25 }));
  const clock = o.clock ?? realClock;
  const clients = new InMemoryClientStore();
  const stores = {
    practices: new InMemoryPracticeStore(), connections: new InMemoryConnectionStore(), links: new InMemoryAppLinkStore(clients),
    clients, runs: o.runs ?? new InMemorySyncRunStore(), audit: new InMemoryAuditLog(),
    nonces: new InMemoryOAuthNonces(), flags: new InMemoryPracticeFlags(), lock: new InMemoryConnectionLock(),
  };
  const notifier = recordingNotifier();
  const replies = recordingReplies();
  const practice: Practice = { ...newPractice(asId('pr-1'), 'Ledger & Co', clock.now()), timeZone: 'America/New_York' };
  await stores.practices.create(practice, { platform: 'shell', workspaceId: 'local' });
  const admin: User = { id: asId('u-1'), practiceId: practice.id, displayName: 'Ada Admin', role: 'admin', identities: [{ platform: 'shell', workspaceId: 'local', userId: 'ada' }], createdAt: clock.now() };
  const tokenEndpoint = { calls: 0 };
  const auth = createGustoPayrollAuth({ baseUrl: sandbox.url, clientId: 'sandbox', clientSecret: 'sandbox', redirectUri, sleep: async () => {} });
  const countingAuth = { ...auth, refresh: (t: string, now: Date) => { tokenEndpoint.calls++; return auth.refresh(t, now); } };
  const syncRequests: SyncRequest[] = [];
  const api = { baseUrl: sandbox.url, authorizeBaseUrl: sandbox.url, sandbox, routes: [], clientId: 'sandbox', clientSecret: 'sandbox', close: async () => {} };
  const registered = registerGusto({ api }, {
    publicUrl: 'http://127.0.0.1:9', flags: stores.flags, secrets: { seal: (t) => t, open: (t) => t },
    redirectUri: () => redirectUri, webhookUrl: (app) => `http://127.0.0.1:9/webhooks/${app}`,
  });
  const app = { ...registered, adapters: { ...registered.adapters, auth: countingAuth } };
  const apps = createAppsUseCases([app], {
    ...stores, notifier, replies, clock, ids: o.ids ?? sequentialIds('g'), ...o.billing,
    sign: (data) => createHmac('sha256', 'test-state-key').update(data).digest('hex'),
    requestSync: async (practiceId, req) => { syncRequests.push(req); if (o.syncOnConnect !== false) await apps.each[0]!.sync.sync(practiceId, req); },
  });
  const gusto = apps.each[0]!;
  /** Gusto's use cases and the shared ones, bound to Gusto as its commands reach them. */
  const uc = {
    ...gusto, apps, smartBilling: apps.smartBilling,
    settings: {
      ...apps.settings,
      disconnect: (p: Practice, u: User, account: string) => apps.settings.disconnect(app, p, u, account),
      setSmartBilling: (p: Practice, u: User, value: string) => apps.settings.setSmartBilling(app.declaration, p, u, value),
    },
    overview: { ...apps.overview, tile: (p: Practice) => apps.overview.tile(app.declaration, p) },
    closeInterrupted: (resumed: (practiceId: Practice['id']) => boolean) => apps.closeInterrupted((practiceId) => resumed(practiceId)),
  };

  /** Presses "Connect your account", chooses the company on Gusto's consent page and follows the redirect back. */
  const connect = async (companyUuid?: string) => {
    const card = await uc.connect.connectCard(practice, admin);
    const url = card.buttons?.find((b) => b.url)?.url ?? '';
    const res = await approveGustoConsent(url, companyUuid ? { company: companyUuid } : {});
    const back = new URL(res.headers.get('location') ?? '');
    return uc.connect.handleCallback({ code: back.searchParams.get('code') ?? '', state: back.searchParams.get('state') ?? '' });
  };

  return { sandbox, uc, stores, notifier, replies, practice, admin, tokenEndpoint, syncRequests, connect, close: () => sandbox.close() };
}

export type GustoWorld = Awaited<ReturnType<typeof gustoWorld>>;
