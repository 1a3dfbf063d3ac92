/**
 * An invoice run into Sage at scale: 2,000 due billing schedules (1,000 new clients, each with a
 * set-up fee and a first month of bookkeeping) are invoiced and deployed to the Sage sandbox over
 * loopback through the bot's own wiring: Sage connected and enabled as a person does it, the invoice
 * run, then the outbox drain until every invoice is in Sage. Reports wall time, Sage calls against
 * the fewest the writer could make, and peak RSS (of this one process, which also hosts the sandbox).
 */
import { RequestContext, type EntityManager } from '@mikro-orm/postgresql';
import { MikroOrmAppLinkStore } from '../adapters/db/app-link-store.js';
import { MikroOrmAuditLog } from '../adapters/db/audit-log.js';
import { MikroOrmBillingScheduleStore } from '../adapters/db/billing-schedule-store.js';
import { MikroOrmClientStore } from '../adapters/db/client-store.js';
import { MikroOrmConnectionStore } from '../adapters/db/connection-store.js';
import { MikroOrmOutboxStore } from '../adapters/db/outbox-store.js';
import { MikroOrmPracticeStore } from '../adapters/db/practice-store.js';
import { createSecretBox } from '../adapters/db/secret-box.js';
import { MikroOrmSyncRunStore } from '../adapters/db/sync-run-store.js';
import { registerSage } from '../adapters/sage/registration.js';
import type { BillingSchedule, ScheduleId } from '../domain/billing/schedule.js';
import type { Practice } from '../domain/practice/practice.js';
import type { ProposalLine } from '../domain/proposals/content.js';
import { priceLine } from '../domain/proposals/pricing.js';
import { asId, type ClientId } from '../domain/shared/ids.js';
import { composeApps } from '../src/compose-apps.js';
import { composeBilling, type BillingApp } from '../src/compose-billing.js';
import { composeOutbox } from '../src/compose-outbox.js';
import type { SageApiHost } from '../src/compose-sandboxes.js';
import { randomIds } from '../src/ids.js';
import { openSageBench, signInToSage, type SageBench } from './sage-bench.js';
import { mib, peakRss, round } from './report.js';

const clients = 1_000;
/** The invoice day; after the sandbox's UK business's year-end lockdown (31 March 2026). */
const today = '2026-11-01';
/** Sage's per-business limit is raised this far, on the sandbox and the client alike, so the bot's own cost shows. */
const callsPerMinute = 60_000;
/** The pace the sandbox holds the bot to otherwise (Sage's v3.1 limit is unpublished; v3.0 documented 200 a minute). */
const sagePerMinute = 100;

const vat = { code: 'standard', name: 'VAT 20%', basisPoints: 2000 } as const;
const fee: ProposalLine = {
  id: 'fee', section: 'Compliance', name: 'Set-up and year-end accounts', description: '', price: { kind: 'fixed', amount: 60000 },
  billing: { kind: 'upfront' }, taxRate: vat, taxMode: 'exclusive', included: false, quantity: 1,
};
const books: ProposalLine = {
  ...fee, id: 'books', name: 'Monthly bookkeeping', price: { kind: 'fixed', amount: 25000 },
  billing: { kind: 'recurring', frequency: 'monthly', start: { kind: 'on-acceptance' }, end: { kind: 'never' } },
};

/** Client n's accepted proposal: the fee due today and bookkeeping from today, as acceptance schedules them. */
const schedulesOf = (practice: Practice, n: number): BillingSchedule[] => {
  const base = (line: ProposalLine) => ({
    id: asId<'BillingSchedule'>(`s-${n}-${line.id}`) as ScheduleId, practiceId: practice.id, proposalId: asId<'Proposal'>(`p-${n}`),
    proposalNumber: n, clientId: asId<'Client'>(`c-${n}`), line, amount: { low: priceLine(line).low, high: priceLine(line).high },
    needsConfirmation: false, createdAt: new Date(`${today}T09:00:00Z`),
  });
  return [
    { ...base(fee), kind: 'upfront', status: 'due', dueOn: today },
    { ...base(books), kind: 'recurring', status: 'active', frequency: 'monthly', startsOn: today, end: { kind: 'never' } },
  ];
};

/** The bot's billing, outbox and app wiring (as compose.ts builds it) over the bench database and the Sage sandbox. */
function composeBillingIntoSage(em: EntityManager, host: SageApiHost) {
  const inScope = <T>(fn: () => Promise<T>) => RequestContext.create(em, fn);
  const key = Buffer.alloc(32, 11);
  const stores = {
    practices: new MikroOrmPracticeStore(em), clients: new MikroOrmClientStore(em), audit: new MikroOrmAuditLog(em),
    connections: new MikroOrmConnectionStore(em, createSecretBox(key)), links: new MikroOrmAppLinkStore(em), syncRuns: new MikroOrmSyncRunStore(em),
  };
  const clock = { now: () => new Date() };
  const notifier = { notify: async () => {} };
  const quiet = { warn: () => {}, error: () => {} };
  const outbox = composeOutbox({
    em, notifier, clock, ids: randomIds, inScope, log: quiet,
    writers: (app, kind) => apps.writers(app, kind), budgets: (app) => apps.budgets(app), appName: (app) => apps.nameOf(app),
  });
  const apps = composeApps({
    publicUrl: 'http://127.0.0.1:9', em, encryptionKey: key, stores, notifier, replies: { post: async () => null, update: async () => {} },
    clock, ids: randomIds, inScope, writes: outbox.writes,
  }, (ctx) => [registerSage({ host, limits: { ratePerMinute: callsPerMinute }, deployment: {
    prepare: (e) => billing.deployment!.prepare(e), recorded: (e, placed) => billing.deployment!.recorded(e, placed),
    oneCustomerAtATime: (c, name, work) => billing.deployment!.oneCustomerAtATime(c, name, work),
    contactFree: (e, contactId) => billing.deployment!.contactFree(e, contactId),
  } }, ctx)]);
  // The drain is run below as its job would run it, so the run's wake is left out of the timing.
  const billing: BillingApp = composeBilling({
    em, stores, ledgerApp: apps.useCases.byId.get('sage')!, smartBilling: apps.useCases.smartBilling, outbox: outbox.useCases,
    wakeOutbox: async () => {}, notifier, clock, ids: randomIds, inScope,
  });
  return { inScope, stores, apps, billing, drain: () => inScope(() => outbox.useCases.drain()) };
}

/** Connects Sage as a person does in chat, picks the UK business, then saves the settings that enable it. */
async function connectAndEnable(bot: ReturnType<typeof composeBillingIntoSage>, b: SageBench): Promise<void> {
  const sage = bot.apps.useCases.byId.get('sage')!;
  await signInToSage(b, sage, bot.inScope);
  await bot.inScope(() => sage.connect.choose(b.practice, b.user, b.business));
  const saved = await bot.inScope(() => bot.billing.settings!.save(b.practice, { actor: b.user.displayName, chat: 'shell' }, { 'sales-account': '4000', 'tax-standard': 'GB_STANDARD', enable: 'yes' }));
  if (saved.tone !== 'success') throw new Error(`Sage not enabled: ${saved.title} ${saved.text ?? ''}`);
}

export async function benchInvoices(): Promise<Record<string, number | string>> {
  const b = await openSageBench('ignition_bench_invoices', 'bench-invoices', callsPerMinute);
  const { orm, sandbox, business, practice } = b;
  try {
    const bot = composeBillingIntoSage(orm.em, b.host);
    await connectAndEnable(bot, b);
    const ids = Array.from({ length: clients }, (_, i) => i + 1);
    await bot.inScope(async () => {
      await bot.stores.clients.saveMany(ids.map((n) => ({
        id: asId<'Client'>(`c-${n}`) as ClientId, practiceId: practice.id, status: 'client' as const, name: `Bench Client ${n} Ltd`,
        email: `accounts@client-${n}.example`, createdAt: new Date(), updatedAt: new Date(),
      })));
      await new MikroOrmBillingScheduleStore(orm.em).saveMany(ids.flatMap((n) => schedulesOf(practice, n)));
    });

    sandbox.calls.reset();
    const rssBefore = mib(process.memoryUsage().rss);
    const rss = peakRss();
    const started = performance.now();
    const report = await bot.inScope(() => bot.billing.run.run(practice.id, today));
    const issuedMs = performance.now() - started;
    const outbox = new MikroOrmOutboxStore(orm.em.fork());
    const unsent = async () => (await outbox.dueApps(new Date(Date.now() + 86_400_000))).length > 0;
    for (let drains = 0; await unsent(); drains++) {
      const drained = await bot.drain();
      if (!drained.done && drains > 0) throw new Error(`the drain stopped sending: ${JSON.stringify(drained)} (Sage refused or throttled; see the sandbox's faults)`);
    }
    const totalMs = performance.now() - started;
    const peak = mib(rss.stop());

    const invoices = report.issued.length;
    const inSage = sandbox.invoices(business).length;
    const contacts = sandbox.contacts(business).filter((c) => c.name.startsWith('Bench Client ')).length;
    if (invoices !== 2 * clients || inSage !== invoices || contacts !== clients) {
      throw new Error(`the run did not do what it should: ${invoices} invoices issued, ${inSage} in Sage, ${contacts} contacts for ${clients} clients`);
    }
    const calls = (method: string, path: string) => sandbox.calls.byRoute.get(`${method} ${path}`) ?? 0;
    // The floor: per invoice a look-up by our reference and the create; per new client one contact search and one create.
    const minimum = 2 * invoices + 2 * clients;
    return {
      database: b.kind,
      schedules: 2 * clients,
      invoices,
      newClients: clients,
      invoiceRunMs: Math.round(issuedMs),
      invoicesIssuedPerSec: Math.round((invoices / issuedMs) * 1000),
      runAndDeploymentMs: Math.round(totalMs),
      deploymentMs: Math.round(totalMs - issuedMs),
      invoicesDeployedPerSec: Math.round((invoices / (totalMs - issuedMs)) * 1000),
      sageCalls: sandbox.calls.total,
      sageCallsMinimum: minimum,
      callsOverMinimumRatio: round(sandbox.calls.total / minimum, 2),
      'invoice look-ups': calls('GET', '/v3.1/sales_invoices'),
      'invoice creates': calls('POST', '/v3.1/sales_invoices'),
      'contact searches': calls('GET', '/v3.1/contacts'),
      'contact creates': calls('POST', '/v3.1/contacts'),
      'sales account reads': calls('GET', '/v3.1/ledger_accounts'),
      [`minutes at Sage's ${sagePerMinute}/min`]: round(sandbox.calls.total / sagePerMinute, 1),
      [`minutes at ${sagePerMinute}/min, minimum calls`]: round(minimum / sagePerMinute, 1),
      rssBeforeMiB: rssBefore,
      peakRssMiB: peak,
    };
  } finally {
    await b.close();
  }
}
