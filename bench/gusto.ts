/**
 * Gusto sync at scale: 1,000 sandbox companies (1–300 employees each) synced over loopback into the
 * database through the bot's own wiring, then the same sync again with nothing changed. Reports wall
 * time, provider calls made against the fewest the API allows, and peak RSS (of this one process,
 * which also hosts the sandbox and its 150,000 simulated employees).
 */
import { RequestContext } from '@mikro-orm/postgresql';
import { MikroOrmAppLinkStore } from '../adapters/db/app-link-store.js';
import { MikroOrmAuditLog } from '../adapters/db/audit-log.js';
import { MikroOrmClientStore } from '../adapters/db/client-store.js';
import { MikroOrmConnectionStore } from '../adapters/db/connection-store.js';
import { openBenchDatabase } from './databases.js';
import { mib, peakRss } from './report.js';
import { migrate, openOrm } from '../adapters/db/orm.js';
import { MikroOrmPracticeStore } from '../adapters/db/practice-store.js';
import { createSecretBox } from '../adapters/db/secret-box.js';
import { MikroOrmSyncRunStore } from '../adapters/db/sync-run-store.js';
import { gustoPageSize } from '../adapters/gusto/client.js';
import { createGustoPayrollAuth } from '../adapters/gusto/payroll-system.js';
import { approveGustoConsent } from '../adapters/sandbox/gusto.js';
import type { SimCompany } from '../adapters/sandbox/gusto-data.js';
import { newPractice } from '../domain/practice/practice.js';
import { asId } from '../domain/shared/ids.js';
import { composeApps } from '../src/compose-apps.js';
import { registerGusto } from '../adapters/gusto/registration.js';
import { startGustoApi } from '../src/compose-sandboxes.js';
import { randomIds } from '../src/ids.js';

const companies = 1_000;

/**
 * The API floor for one company: company, every page of locations and contractors, and one call for
 * the employees (one row of Gusto's `onboarded_active` list, whose X-Total-Count is the count).
 */
const minimumCalls = (c: SimCompany) =>
  2 + [c.locations.length, c.contractors.length].reduce((n, rows) => n + Math.max(1, Math.ceil(rows / gustoPageSize)), 0);

export async function benchGusto(): Promise<Record<string, number | string>> {
  const db = await openBenchDatabase('ignition_bench_gusto');
  const orm = await openOrm({ url: db.url, poolMax: 5 });
  const api = await startGustoApi({ env: 'demo', sandboxCompanies: companies });
  try {
    await migrate(orm);
    const em = orm.em;
    const inScope = <T>(fn: () => Promise<T>) => RequestContext.create(em, fn);
    const key = Buffer.alloc(32, 9);
    const stores = {
      practices: new MikroOrmPracticeStore(em), clients: new MikroOrmClientStore(em), audit: new MikroOrmAuditLog(em),
      connections: new MikroOrmConnectionStore(em, createSecretBox(key)), links: new MikroOrmAppLinkStore(em), syncRuns: new MikroOrmSyncRunStore(em),
    };
    const practice = newPractice(asId('bench-gusto'), 'Bench practice', new Date());
    const noReplies = { post: async () => null, update: async () => {} };
    const apps = composeApps({
      publicUrl: 'http://127.0.0.1:9', em, encryptionKey: key, stores, notifier: { notify: async () => {} }, replies: noReplies,
      clock: { now: () => new Date() }, ids: randomIds, inScope,
    }, (ctx) => [registerGusto({ api }, ctx)]);
    const gusto = apps.useCases.byId.get('gusto')!;
    const sandbox = api.sandbox!;
    await inScope(() => stores.practices.create(practice, { platform: 'shell', workspaceId: 'bench' }));
    await connectAll(sandbox.companies(), sandbox.url, (c) => inScope(() => stores.connections.save({ ...c, practiceId: practice.id })));

    const minimum = sandbox.companies().reduce((n, c) => n + minimumCalls(c), 0);
    const run = async () => {
      sandbox.calls.reset();
      const before = mib(process.memoryUsage().rss);
      const rss = peakRss();
      const started = performance.now();
      const out = await inScope(() => gusto.sync.sync(practice.id, { trigger: 'manual' }));
      return { ms: Math.round(performance.now() - started), calls: sandbox.calls.total, before, rss: mib(rss.stop()), counts: out.run?.counts };
    };
    const first = await run();
    const again = await run();
    if (first.counts?.created !== companies || again.counts?.unchanged !== companies) {
      throw new Error(`sync did not do what it should: ${JSON.stringify({ first: first.counts, again: again.counts })}`);
    }
    return {
      database: db.kind,
      companies,
      employees: sandbox.companies().reduce((n, c) => n + c.employees.length, 0),
      firstSyncMs: first.ms,
      firstSyncCompaniesPerSec: Math.round((companies / first.ms) * 1000),
      providerCallsFirst: first.calls,
      providerCallsMinimum: minimum,
      callsOverMinimumRatio: Math.round((first.calls / minimum) * 100) / 100,
      rssBeforeFirstMiB: first.before,
      peakRssFirstMiB: first.rss,
      unchangedSyncMs: again.ms,
      providerCallsUnchanged: again.calls,
      rssBeforeUnchangedMiB: again.before,
      peakRssUnchangedMiB: again.rss,
      unchangedResult: `${again.counts?.unchanged} unchanged, ${again.counts?.updated} updated`,
    };
  } finally {
    await api.close();
    await orm.close(true);
    await db.drop();
  }
}

type NewConnection = Parameters<MikroOrmConnectionStore['save']>[0];

/** Authorises every sandbox company the way the callback would, without the per-connect sync. */
async function connectAll(list: readonly SimCompany[], baseUrl: string, save: (c: NewConnection) => Promise<void>): Promise<void> {
  const redirectUri = 'http://127.0.0.1:9/oauth/gusto/callback';
  const auth = createGustoPayrollAuth({ baseUrl, clientId: 'sandbox-client', clientSecret: 'sandbox-secret', redirectUri });
  for (const c of list) {
    const res = await approveGustoConsent(auth.authorizeUrl('bench'), { company: c.uuid });
    const code = new URL(res.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const tokens = await auth.exchangeCode(code, new Date());
    if (!tokens.ok) throw new Error(`could not connect ${c.name}: ${tokens.error.detail}`);
    await save({
      id: asId(`conn-${c.uuid}`), practiceId: asId('bench-gusto'), provider: 'gusto', externalId: c.uuid, label: c.name,
      status: 'active', tokens: tokens.value, settings: {}, connectedAt: new Date(),
    });
  }
}
