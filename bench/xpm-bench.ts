/**
 * XPM's first sync at scale: the sandbox's large practice (15,000 clients with their contacts, groups,
 * partner and manager; 12 staff, 8 templates) synced over loopback into the database through the bot's
 * own wiring (composeApps with XPM's registration), then a daily sync with nothing changed. Reports wall
 * time, XPM calls made against the fewest the API allows, and peak RSS of this process, the bot's alone:
 * the sandbox runs in a child process (xpm-sandbox-child.ts).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { RequestContext } from '@mikro-orm/postgresql';
import { MikroOrmAppLinkStore } from '../adapters/db/app-link-store.js';
import { MikroOrmAuditLog } from '../adapters/db/audit-log.js';
import { MikroOrmClientStore } from '../adapters/db/client-store.js';
import { MikroOrmConnectionStore } from '../adapters/db/connection-store.js';
import { migrate, openOrm } from '../adapters/db/orm.js';
import { MikroOrmPracticeStore } from '../adapters/db/practice-store.js';
import { createSecretBox } from '../adapters/db/secret-box.js';
import { MikroOrmSyncRunStore } from '../adapters/db/sync-run-store.js';
import { approveXpmConsent } from '../adapters/sandbox/xpm.js';
import { xpmPageSize } from '../adapters/xpm/client.js';
import { registerXpm } from '../adapters/xpm/registration.js';
import { MikroOrmAppDirectory, MikroOrmUserAppLinkStore } from '../adapters/db/app-directory-store.js';
import { newPractice } from '../domain/practice/practice.js';
import { asId } from '../domain/shared/ids.js';
import { composeApps } from '../src/compose-apps.js';
import { xpmSandboxHost, type XpmApiHost } from '../src/compose-sandboxes.js';
import { randomIds } from '../src/ids.js';
import { openBenchDatabase } from './databases.js';
import { mib, peakRss } from './report.js';
import type { SandboxCalls, SandboxReady, SandboxRequest } from './xpm-sandbox-child.js';

/** The sandbox's process, once it listens, and a way to ask it one thing at a time. */
async function startSandboxChild(): Promise<{ ready: SandboxReady; ask: <T>(m: SandboxRequest) => Promise<T>; child: ChildProcess }> {
  const child = fork(fileURLToPath(new URL('xpm-sandbox-child.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 2, 2, 'ipc'] });
  const next = <T>() => new Promise<T>((resolve, reject) => {
    child.once('message', (m) => resolve(m as T));
    child.once('exit', (code) => reject(new Error(`the XPM sandbox process exited (${code})`)));
  });
  const ready = await next<SandboxReady>();
  return { ready, child, ask: <T>(m: SandboxRequest) => { const answer = next<T>(); child.send(m); return answer; } };
}

/**
 * The heap still in use once garbage is collected: what a sync keeps, as against RSS, which also
 * counts garbage V8 has not collected yet. The area's process is not started with --expose-gc.
 */
const liveHeapMiB = (): number => {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return mib(process.memoryUsage().heapUsed);
};

export async function benchXpm(): Promise<Record<string, number | string>> {
  const db = await openBenchDatabase('ignition_bench_xpm');
  const orm = await openOrm({ url: db.url, poolMax: 5 });
  const sandbox = await startSandboxChild();
  const host: XpmApiHost = { ...xpmSandboxHost(sandbox.ready.url, sandbox.ready.url), sandbox: null, routes: [], commands: [], close: async () => {} };
  try {
    await migrate(orm);
    const em = orm.em;
    const inScope = <T>(fn: () => Promise<T>) => RequestContext.create(em, fn);
    const key = Buffer.alloc(32, 13);
    const stores = {
      practices: new MikroOrmPracticeStore(em), clients: new MikroOrmClientStore(em), audit: new MikroOrmAuditLog(em),
      connections: new MikroOrmConnectionStore(em, createSecretBox(key)), links: new MikroOrmAppLinkStore(em), syncRuns: new MikroOrmSyncRunStore(em),
    };
    const clock = { now: () => new Date() };
    const apps = composeApps({
      publicUrl: 'http://127.0.0.1:9', em, encryptionKey: key, stores, notifier: { notify: async () => {} },
      replies: { post: async () => null, update: async () => {} }, clock, ids: randomIds, inScope,
    }, (ctx) => [registerXpm({ host, clock, directory: { directory: new MikroOrmAppDirectory(em), userLinks: new MikroOrmUserAppLinkStore(em), clock } }, ctx)]);
    const xpm = apps.useCases.byId.get('xpm')!;
    const practice = newPractice(asId('bench-xpm'), 'Bench practice', new Date());
    await inScope(() => stores.practices.create(practice, { platform: 'shell', workspaceId: 'bench' }));

    // Consent and the code exchange as the connect flow makes them; the connection saved as choosing the practice does.
    const { auth } = apps.registered.find((a) => a.declaration.id === 'xpm')!.adapters;
    const back = new URL((await approveXpmConsent(auth.authorizeUrl('bench'))).headers.get('location') ?? '');
    const tokens = await auth.exchangeCode(back.searchParams.get('code') ?? '', new Date());
    if (!tokens.ok) throw new Error(`could not connect the XPM sandbox: ${tokens.error.detail}`);
    await inScope(() => stores.connections.save({
      id: asId('conn-xpm'), practiceId: practice.id, provider: 'xpm', externalId: sandbox.ready.tenantId, label: 'Harbour & Finch Accountants',
      status: 'active', tokens: tokens.value, settings: {}, connectedAt: new Date(),
    }));

    const { live } = sandbox.ready;
    const run = async (trigger: 'connect' | 'schedule') => {
      await sandbox.ask({ ask: 'reset' });
      const before = mib(process.memoryUsage().rss);
      const rss = peakRss();
      const heapBefore = liveHeapMiB();
      const started = performance.now();
      const out = await inScope(() => xpm.sync.sync(practice.id, { trigger }));
      const ms = Math.round(performance.now() - started);
      const calls = await sandbox.ask<SandboxCalls>({ ask: 'calls' });
      return { ms, calls: calls.total, routes: calls.routes, before, rss: mib(rss.stop()), heapBefore, heapAfter: liveHeapMiB(), counts: out.run?.counts };
    };
    const first = await run('connect');
    if (first.counts?.created !== live || first.counts.failed) throw new Error(`the first sync did not bring every live client in: ${JSON.stringify({ live, counts: first.counts })}`);
    const quiet = await run('schedule');
    if (quiet.counts?.created || quiet.counts?.updated || quiet.counts?.failed) throw new Error(`the quiet sync changed something: ${JSON.stringify(quiet.counts)}`);
    const routes = (r: [string, number][]) => r.map(([route, n]) => `${route.replace(/^GET \/practicemanager\/3\.1\//, '')} ×${n}`).join(', ');
    return {
      database: db.kind,
      xpmClients: sandbox.ready.clients,
      liveClients: live,
      contacts: sandbox.ready.contacts,
      firstSyncMs: first.ms,
      firstSyncClientsPerSec: Math.round((live / first.ms) * 1000),
      firstSyncXpmCalls: first.calls,
      // The fewest: every page of paged-list at its largest size (the token is not an XPM API call).
      // The pages, then the job templates and the staff the first sync imports beside the clients.
      firstSyncXpmCallsMinimum: Math.ceil(live / xpmPageSize) + 2,
      firstSyncCallsByRoute: routes(first.routes),
      rssBeforeFirstMiB: first.before,
      peakRssFirstMiB: first.rss,
      liveHeapBeforeFirstMiB: first.heapBefore,
      liveHeapAfterFirstMiB: first.heapAfter,
      nothingChangedSyncMs: quiet.ms,
      nothingChangedXpmCalls: quiet.calls,
      nothingChangedCallsByRoute: routes(quiet.routes),
      peakRssNothingChangedMiB: quiet.rss,
      sandboxProcessRssMiB: mib((await sandbox.ask<{ rss: number }>({ ask: 'rss' })).rss),
    };
  } finally {
    sandbox.child.disconnect();
    await orm.close(true);
    await db.drop();
  }
}
