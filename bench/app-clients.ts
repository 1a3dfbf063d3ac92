/**
 * Sage customers against a practice's clients at scale: 5,000 customers in the Sage sandbox and 5,000
 * clients here, through the bot's own wiring over loopback. Measures the first sync (every customer
 * read and kept for import), the import list's first page (each row matched against every client),
 * importing them all (each matched, then linked, converted or left for a person), and the provider
 * calls of a daily sync that finds nothing new.
 */
import { RequestContext, type EntityManager } from '@mikro-orm/postgresql';
import { MikroOrmAppClientStore } from '../adapters/db/app-client-store.js';
import { MikroOrmAppLinkStore } from '../adapters/db/app-link-store.js';
import { MikroOrmAuditLog } from '../adapters/db/audit-log.js';
import { MikroOrmClientStore } from '../adapters/db/client-store.js';
import { MikroOrmConnectionStore } from '../adapters/db/connection-store.js';
import { MikroOrmPracticeStore } from '../adapters/db/practice-store.js';
import { createSecretBox } from '../adapters/db/secret-box.js';
import { MikroOrmSyncRunStore } from '../adapters/db/sync-run-store.js';
import { registerSage } from '../adapters/sage/registration.js';
import { normaliseName, type Client } from '../domain/practice/client.js';
import { asId, type ClientId } from '../domain/shared/ids.js';
import { composeAppClients } from '../src/compose-app-clients.js';
import { composeApps } from '../src/compose-apps.js';
import type { SageApiHost } from '../src/compose-sandboxes.js';
import { randomIds } from '../src/ids.js';
import { openSageBench, signInToSage } from './sage-bench.js';
import { mib, peakRss } from './report.js';

const customers = 5_000;
const clients = 5_000;
/** Sage's per-business limit is raised this far, on the sandbox and the client alike, so the bot's own cost shows. */
const callsPerMinute = 60_000;
const notUsed = () => { throw new Error('this bench sends no invoices'); };

function composeSageClients(em: EntityManager, host: SageApiHost) {
  const inScope = <T>(fn: () => Promise<T>) => RequestContext.create(em, fn);
  const key = Buffer.alloc(32, 12);
  const stores = {
    practices: new MikroOrmPracticeStore(em), clients: new MikroOrmClientStore(em), audit: new MikroOrmAuditLog(em),
    connections: new MikroOrmConnectionStore(em, createSecretBox(key)), links: new MikroOrmAppLinkStore(em), syncRuns: new MikroOrmSyncRunStore(em),
    appClients: new MikroOrmAppClientStore(em),
  };
  const clock = { now: () => new Date() };
  const apps = composeApps({
    publicUrl: 'http://127.0.0.1:9', em, encryptionKey: key, stores, notifier: { notify: async () => {} },
    replies: { post: async () => null, update: async () => {} }, clock, ids: randomIds, inScope,
  }, (ctx) => [registerSage({ host, limits: { ratePerMinute: callsPerMinute }, deployment: { prepare: notUsed, recorded: notUsed, oneCustomerAtATime: notUsed, contactFree: notUsed } }, ctx)]);
  const imports = composeAppClients({ stores, appClients: stores.appClients, clock, ids: randomIds, apps: apps.registered.map((a) => a.declaration), perRecord: inScope });
  return { inScope, stores, sage: apps.useCases.byId.get('sage')!, imports: imports.useCases };
}

/**
 * The clients a firm has: a fifth exactly as Sage names them, a tenth with "Limited" for "Ltd" (or the
 * reverse), the rest others. Names are unique here, so a name already taken becomes another.
 */
const clientsLike = (names: readonly string[], practiceId: Client['practiceId']): Client[] => {
  const taken = new Set<string>();
  return Array.from({ length: clients }, (_, i) => {
    const sage = names[i % names.length]!;
    const like = i < clients / 5 ? sage
      : i < (clients * 3) / 10 ? (/ Ltd$/.test(sage) ? sage.replace(/ Ltd$/, ' Limited') : / Limited$/.test(sage) ? sage.replace(/ Limited$/, ' Ltd') : `${sage} Ltd`)
        : `Bench Client ${i} Ltd`;
    const name = taken.has(normaliseName(like)) ? `Bench Client ${i} Ltd` : like;
    taken.add(normaliseName(name));
    const at = new Date();
    return { id: asId<'Client'>(`c-${i}`) as ClientId, practiceId, status: 'client' as const, name, createdAt: at, updatedAt: at };
  });
};

export async function benchAppClients(): Promise<Record<string, number | string>> {
  const b = await openSageBench('ignition_bench_app_clients', 'bench-app-clients', callsPerMinute);
  const { orm, sandbox, business, practice, user } = b;
  try {
    const live = () => sandbox.contacts(business).filter((c) => c.contactTypeIds.includes('CUSTOMER') && !c.deletedAt);
    while (live().length < customers) sandbox.ledger.addCustomers(Math.min(500, customers - live().length));
    const bot = composeSageClients(orm.em, b.host);
    await bot.inScope(() => bot.stores.clients.saveMany(clientsLike(live().map((c) => c.name), practice.id)));
    await signInToSage(b, bot.sage, bot.inScope);
    // Sage stamps whole seconds and the sync's window is inclusive: a ledger change in the very second
    // the first sync starts is read again by the next. A firm's ledger was not all typed in that second.
    await new Promise((r) => setTimeout(r, 1_100));

    const rssBefore = mib(process.memoryUsage().rss);
    const rss = peakRss();
    sandbox.calls.reset();
    // Choosing the business is what starts the first sync (inline here: no scheduler), reading every customer.
    let t = performance.now();
    await bot.inScope(() => bot.sage.connect.choose(practice, user, business));
    const firstSyncMs = performance.now() - t;
    const firstCalls = sandbox.calls.total;
    const first = await bot.inScope(() => bot.stores.syncRuns.latest(practice.id, 'sage'));
    const kept = (await bot.inScope(() => bot.stores.appClients.list(practice.id, 'sage', { view: 'to-import', limit: 1, offset: 0 }))).total;
    if (kept !== customers || !first || first.counts.failed) throw new Error(`the first sync kept ${kept} of ${customers} customers (${JSON.stringify(first?.counts)})`);

    t = performance.now();
    const page = await bot.inScope(() => bot.imports.list(practice, 'sage', { page: 1 }));
    const firstPageMs = performance.now() - t;
    if (!page.ok) throw new Error('the import list failed');

    t = performance.now();
    const all = await bot.inScope(() => bot.imports.importAll({ practice, user }, 'sage'));
    const importAllMs = performance.now() - t;
    if (!all.ok) throw new Error('import all failed');

    sandbox.calls.reset();
    t = performance.now();
    await bot.inScope(() => bot.sage.sync.sync(practice.id, { trigger: 'schedule' }));
    const quietSyncMs = performance.now() - t;
    const quietCalls = sandbox.calls.total;
    const peak = mib(rss.stop());
    const r = all.value;
    return {
      database: b.kind,
      sageCustomers: customers,
      clientsHere: clients,
      'connect and first sync ms': Math.round(firstSyncMs),
      firstSyncSageCalls: firstCalls,
      importListFirstPageMs: Math.round(firstPageMs),
      importAllMs: Math.round(importAllMs),
      'import all: converted': r.converted.length,
      'import all: linked (exact)': r.linked.length,
      'import all: waiting for a person': r.waiting.length,
      'import all: not imported': r.failed.length,
      nothingNewSyncMs: Math.round(quietSyncMs),
      nothingNewSyncSageCalls: quietCalls,
      rssBeforeMiB: rssBefore,
      peakRssMiB: peak,
    };
  } finally {
    await b.close();
  }
}
