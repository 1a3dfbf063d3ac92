import { describe, expect, it } from 'vitest';
import type { AppConnection, SyncTrigger } from '../../../domain/practice/connection.js';
import { newPractice } from '../../../domain/practice/practice.js';
import { asId } from '../../../domain/shared/ids.js';
import { ok } from '../../../domain/shared/result.js';
import type { AccountSyncContext, RegisteredApp } from '../../../src/apps/app.js';
import { createSync } from '../../../src/apps/sync.js';
import type { TokenAccess } from '../../../src/apps/tokens.js';
import { fixedClock, sequentialIds } from '../../fakes/clock.js';
import { InMemoryConnectionLock, InMemoryPracticeFlags, recordingReplies } from '../../fakes/in-memory-apps.js';
import { InMemoryAppLinkStore, InMemoryClientStore, InMemoryConnectionStore, InMemorySyncRunStore } from '../../fakes/in-memory-clients.js';
import { InMemoryAuditLog, InMemoryPracticeStore } from '../../fakes/in-memory-practice.js';
import { recordingNotifier } from '../../fakes/recording-notifier.js';

/** An app may read more when a person is waiting (XPM reads its staff then): each sync tells it why it runs. */
describe('why an account sync runs', () => {
  it('passes the sync\'s trigger to the app', async () => {
    const clock = fixedClock('2026-06-15T10:00:00Z');
    const practices = new InMemoryPracticeStore();
    const practice = newPractice(asId('pr-1'), 'Ledger & Co', clock.now());
    await practices.create(practice, { platform: 'shell', workspaceId: 'local' });
    const connections = new InMemoryConnectionStore();
    const connection: AppConnection = {
      id: asId('conn-1'), practiceId: practice.id, provider: 'someapp', externalId: 'acct-1', label: 'Acct', status: 'active',
      tokens: { accessToken: 'a', refreshToken: 'r', expiresAt: new Date('2027-01-01T00:00:00Z') }, settings: {}, connectedAt: clock.now(),
    };
    await connections.save(connection);
    const seen: (SyncTrigger | undefined)[] = [];
    const app = {
      declaration: { id: 'someapp', name: 'Some App', capabilities: ['read-clients'], fields: {}, account: { one: 'account', many: 'accounts' } },
      adapters: { syncAccount: async (_c: AppConnection, ctx: AccountSyncContext) => { seen.push(ctx.trigger); return []; } },
    } as unknown as RegisteredApp;
    const tokens = { accessToken: async () => ok('a'), tokenSource: () => async () => 'a', relabel: async () => {} } as unknown as TokenAccess;
    const clients = new InMemoryClientStore();
    const sync = createSync(app, {
      practices, connections, links: new InMemoryAppLinkStore(clients), clients, runs: new InMemorySyncRunStore(), audit: new InMemoryAuditLog(),
      notifier: recordingNotifier(), replies: recordingReplies(), tokens, lock: new InMemoryConnectionLock(), clock, ids: sequentialIds('s'),
      flags: new InMemoryPracticeFlags(),
    });

    for (const trigger of ['connect', 'schedule', 'manual'] as const) await sync.sync(practice.id, { trigger });

    expect(seen).toEqual(['connect', 'schedule', 'manual']);
  });
});
