import { beforeEach, describe, expect, it } from 'vitest';
import type { BillingScheduleStore } from '../../domain/billing/ports.js';
import type { BillingSchedule, ScheduleId } from '../../domain/billing/schedule.js';
import type { InvoiceId } from '../../domain/invoicing/invoice.js';
import type { InvoiceStore } from '../../domain/invoicing/ports.js';
import type { JobStore } from '../../domain/jobs/ports.js';
import type { AppDirectory, UserAppLinkStore } from '../../domain/apps/directory.js';
import type { ChatThreadStore, ThreadSpot } from '../../src/threads.js';
import { newOutboxEntry } from '../../domain/outbox/entry.js';
import type { OutboxStore } from '../../domain/outbox/ports.js';
import type { OAuthNonces, PracticeFlags, WebhookReceipts } from '../../domain/apps/ports.js';
import type { AppConnection } from '../../domain/practice/connection.js';
import type {
  AppLinkStore, AuditLog, ClientStore, ConnectionStore, ContactStore, SyncRunStore, UserStore,
} from '../../domain/practice/ports.js';
import type { ProposalStore, ServiceStore, SmartBillingStore, TemplateStore } from '../../domain/proposals/ports.js';
import { send, type ProposalId } from '../../domain/proposals/proposal.js';
import type { Service, ServiceId } from '../../domain/proposals/service.js';
import type { SmartBillingSetting } from '../../domain/proposals/smart-billing.js';
import type { TemplateId } from '../../domain/proposals/templates.js';
import { asId, type ClientId, type PracticeId } from '../../domain/shared/ids.js';
import type { AppClientStore } from '../../domain/sync/ports.js';
import { card } from '../../src/cards.js';
import type { DeliveryLedger, NotificationOutbox, NotificationRoute, NotificationRouteStore, OutboxEntry } from '../../src/chat-setup/ports.js';
import { invoice, invoiceLine } from '../builders/invoices.js';
import { draft, monthlyLine, vat20 } from '../builders/proposals.js';
import { jobDeployment } from './job-store.contract.js';

/** Every store port that keeps a practice's records. */
export type TenantStores = {
  users: UserStore; clients: ClientStore; contacts: ContactStore; audit: AuditLog; connections: ConnectionStore;
  links: AppLinkStore; runs: SyncRunStore; services: ServiceStore; proposals: ProposalStore; templates: TemplateStore;
  schedules: BillingScheduleStore; smartBillings: SmartBillingStore; nonces: OAuthNonces; flags: PracticeFlags;
  receipts: WebhookReceipts; routes: NotificationRouteStore; outbox: NotificationOutbox; ledger: DeliveryLedger;
  writes: OutboxStore; invoices: InvoiceStore; appClients: AppClientStore; jobs: JobStore;
  directory: AppDirectory; userLinks: UserAppLinkStore; threads: ChatThreadStore;
};

const A = asId<'Practice'>('practice-a');
const B = asId<'Practice'>('practice-b');
const at = new Date('2026-03-01T09:00:00Z');
const clientId = asId<'Client'>('client-a');
const proposalId = 'proposal-a' as ProposalId;
const identity = { platform: 'slack' as const, workspaceId: 'T-shared', userId: 'U-shared' };
const staffLink = { practiceId: A, userId: asId<'User'>('user-a'), app: 'xpm', externalId: 'staff-shared', name: 'Priya Shah', linkedAt: at };
const spot: ThreadSpot = { practiceId: A, platform: 'slack', place: 'C-shared', key: 'proposal:shared' };
const home = { platform: 'slack' as const, ref: { team: 'T-shared', channel: 'C-shared' } };

const connection: AppConnection = {
  id: asId('conn-a'), practiceId: A, provider: 'gusto', externalId: 'company-shared', label: 'Shared Co', status: 'active',
  settings: {}, connectedAt: at, tokens: { accessToken: 'a', refreshToken: 'r', expiresAt: at },
};
const service: Service = {
  id: 'service-a' as ServiceId, practiceId: A, name: 'Payroll', description: '', currency: 'GBP', price: { kind: 'fixed', amount: 100 },
  billing: { kind: 'upfront' }, taxRate: vat20, taxMode: 'exclusive', included: false, archived: false, createdAt: at, updatedAt: at,
};
const proposalDraft = () => draft({ id: proposalId, practiceId: A, clientId, clientName: 'Acme Ltd' });
const sent = () => {
  const r = send(proposalDraft(), { by: 'Ann', now: at, linkHash: 'hash-a', to: 'jo@acme.test' });
  if (!r.ok) throw new Error('setup');
  return r.value;
};
const schedule: BillingSchedule = {
  id: 'schedule-a' as ScheduleId, practiceId: A, proposalId, proposalNumber: 1, clientId, line: monthlyLine({ id: 'line-a' }),
  amount: { low: { net: 1, vat: 0, gross: 1 }, high: { net: 1, vat: 0, gross: 1 } }, needsConfirmation: false, createdAt: at,
  kind: 'recurring', status: 'active', frequency: 'monthly', startsOn: '2026-03-01', end: { kind: 'never' },
};
const setting = { practiceId: A, proposalId, lineId: 'line-a', clientId, serviceName: 'Payroll', chosenBy: 'Ann', chosenAt: at, status: 'pending' } as SmartBillingSetting;
const route: NotificationRoute = {
  practiceId: A, event: 'sync.failed', platform: 'slack', channelName: '#a', createdBy: 'Ann', createdAt: at,
  target: { platform: 'slack', ref: { team: 'T-A', channel: 'C-A' } },
};
const entry: OutboxEntry = {
  id: 'outbox-a', practiceId: A, event: 'sync.failed', target: route.target, card: card('Sync failed'),
  attempts: 1, nextAttemptAt: at, lastError: 'slack http 503', status: 'pending', createdAt: at,
};

/** Numbered 1 in A's sequence, billing schedule-a's March. */
const billed = invoice({
  id: 'invoice-a' as InvoiceId, practiceId: A, clientId, number: 1, status: 'issued', issuedAt: at,
  lines: [invoiceLine({ scheduleId: schedule.id, period: '2026-03-01' })],
});

/** Practice A's Sage customers: one to import, one hidden ("Don't import"), one linked and since deleted in Sage. */
const sageRecord = (externalId: string, name: string) => ({ externalId, name, email: `${externalId}@acme.test`, updatedAt: at });

/** Practice A's job for schedule-a's March, not yet made in the app. */
const job = jobDeployment({ practiceId: A, scheduleId: schedule.id, period: '2026-03-01', proposalId, clientId });

const write = newOutboxEntry({ practiceId: A, app: 'ledger', kind: 'invoice', sourceId: 'schedule-a', period: '2026-03', payload: { total: 1 } }, 'write-a', at);
const givenUp = newOutboxEntry({ practiceId: A, app: 'ledger-given-up', kind: 'invoice', sourceId: 'schedule-a', period: '2026-04', payload: { total: 4 } }, 'write-given-up', at);

/** Practice A's record in every store, each reachable by a key practice B could also name. */
async function seedPracticeA(s: TenantStores): Promise<void> {
  await s.users.save({ id: asId('user-a'), practiceId: A, displayName: 'Ada', role: 'admin', identities: [identity], createdAt: at });
  await s.clients.save({ id: clientId, practiceId: A, status: 'client', name: 'Acme Ltd', email: 'jo@acme.test', createdAt: at, updatedAt: at });
  await s.contacts.save(A, { id: asId('contact-a'), clientId, name: 'Jo' });
  await s.audit.record({ practiceId: A, at, actor: 'Ada', chat: 'slack', action: 'client.created' });
  await s.connections.save(connection);
  await s.links.save({
    practiceId: A, provider: 'gusto', externalId: 'company-shared', clientId, syncLevel: 'all',
    baseline: { phone: '0100' }, conflicts: [{ field: 'phone', ours: '0101', theirs: '0102', baseline: '0100' }],
  });
  await s.runs.save({ id: asId('run-a'), practiceId: A, provider: 'gusto', trigger: 'manual', startedAt: at, counts: { created: 1, updated: 0, unchanged: 0, skipped: 0, failed: 0 }, errors: [] });
  await s.services.save(service);
  await s.proposals.save(proposalDraft());
  await s.proposals.save(sent());
  await s.templates.save(A, { id: 'template-a' as TemplateId, practiceId: A, key: 'monthly', name: 'Monthly', perEmployee: false, content: draft().content });
  await s.schedules.saveMany([schedule]);
  await s.smartBillings.save([setting]);
  await s.nonces.put(A, 'nonce-shared', new Date(at.getTime() + 600_000));
  await s.flags.set(A, 'labs.smart-billing', 'on');
  await s.receipts.firstSeen(A, 'gusto', 'event-shared', at);
  await s.routes.save(route);
  await s.outbox.add(entry);
  await s.ledger.claim('T-A', 'trigger:shared', at, 60_000);
  await s.writes.enqueue(write);
  await s.writes.enqueue(givenUp);
  await s.writes.claimDue(givenUp.app, at, 1, at);
  await s.writes.markFailed(A, givenUp.id, 'given up', at);
  await s.invoices.nextNumber(A);
  await s.invoices.insert(billed);
  await s.appClients.put(A, 'sage', [sageRecord('rec-shared', 'Acme Ltd'), sageRecord('rec-hidden', 'Hidden Ltd'), sageRecord('rec-gone', 'Gone Ltd')], at);
  await s.appClients.setHidden(A, 'sage', 'rec-hidden', at);
  await s.links.save({ practiceId: A, provider: 'sage', externalId: 'rec-gone', clientId, syncLevel: 'all' });
  await s.appClients.markDeleted(A, 'sage', ['rec-gone'], at);
  await s.appClients.rejectMatch(A, 'sage', { externalId: 'rec-shared', clientId });
  await s.jobs.insert(job);
  await s.directory.replace(A, 'xpm', 'staff', [{ externalId: 'staff-shared', name: 'Priya Shah' }], at);
  await s.userLinks.link(staffLink);
  await s.threads.claimRoot(spot, 'ts-a', at);
  await s.threads.setHome(A, spot.key, home, at);
}

/**
 * A read through practice `p`'s scope, aimed at A's record. `b` is what practice B must get back
 * (default: nothing: null, [] or an empty page); practice A must get anything else, which proves the
 * probe really reaches the record. B runs first, so a read that spends (a nonce) is tested honestly.
 */
type Read<S> = { read: (s: S, p: PracticeId) => Promise<unknown>; b?: unknown };
/** A change through B's scope aimed at A's record; every read of A's must still find it afterwards. */
type Write<S> = { write: (s: S, p: PracticeId) => Promise<unknown> };
/** Why a method is not scoped by practice (the contract names every method, so each exemption is a decision). */
type Exempt = { exempt: string };
type Probes<S> = { [M in keyof S]-?: Read<S> | Write<S> | Exempt };

const ownRecord: Exempt = { exempt: 'saves the practice named in the record, under an id nobody else is given' };

const probes: { [K in keyof TenantStores]: Probes<TenantStores[K]> } = {
  users: {
    findByIdentity: { read: (s, p) => s.findByIdentity(p, identity) },
    list: { read: (s, p) => s.list(p) },
    save: ownRecord,
    // An identity belongs to one practice: another practice naming it may be refused, never handed A's person.
    add: { write: (s, p) => s.add({ id: asId('user-b'), practiceId: p, displayName: 'Bo', role: 'staff', identities: [identity], createdAt: at }).catch(() => 'refused') },
    changeRole: { write: (s, p) => s.changeRole(p, asId('user-a'), 'staff', () => true) },
  },
  clients: {
    get: { read: (s, p) => s.get(p, clientId) },
    findByName: { read: (s, p) => s.findByName(p, 'Acme Ltd') },
    search: { read: (s, p) => s.search(p, 'acme', { limit: 10, offset: 0 }), b: { items: [], total: 0 } },
    save: ownRecord,
    saveMany: ownRecord,
    add: { write: (s, p) => s.add({ id: asId('client-b'), practiceId: p, status: 'lead', name: 'Acme Ltd', createdAt: at, updatedAt: at }) },
  },
  contacts: {
    listForClient: { read: (s, p) => s.listForClient(p, clientId) },
    save: ownRecord,
  },
  audit: {
    recent: { read: (s, p) => s.recent(p, 10) },
    record: { exempt: 'appends an event of the practice named in it' },
  },
  connections: {
    get: { read: (s, p) => s.get(p, connection.id) },
    list: { read: (s, p) => s.list(p) },
    findByExternalId: { read: (s, p) => s.findByExternalId(p, 'gusto', 'company-shared') },
    remove: { write: (s, p) => s.remove(p, connection.id) },
    save: { write: (s, p) => s.save({ ...connection, id: asId('conn-b'), practiceId: p, label: 'B\'s copy' }) },
  },
  links: {
    find: { read: (s, p) => s.find(p, 'gusto', 'company-shared') },
    forClient: { read: (s, p) => s.forClient(p, clientId) },
    list: { read: (s, p) => s.list(p, 'gusto') },
    withConflicts: { read: (s, p) => s.withConflicts(p) },
    changedSince: { read: (s, p) => s.changedSince!(p, 'gusto', new Date(0)) },
    save: { write: (s, p) => s.save({ practiceId: p, provider: 'gusto', externalId: 'company-shared', clientId: asId<'Client'>('client-b') as ClientId, syncLevel: 'none' }) },
    link: { write: (s, p) => s.link({ practiceId: p, provider: 'gusto', externalId: 'company-shared', clientId: asId<'Client'>('client-b') as ClientId, syncLevel: 'all' }) },
    saveSyncOutcome: {
      write: (s, p) => s.saveSyncOutcome(
        { practiceId: p, provider: 'gusto', externalId: 'company-shared', clientId: asId<'Client'>('client-b'), syncLevel: 'none', baseline: {}, conflicts: [] },
        { id: asId('client-b'), practiceId: p, status: 'client', name: 'Acme Ltd', createdAt: at, updatedAt: at },
      ),
    },
  },
  runs: {
    get: { read: (s, p) => s.get(p, asId('run-a')) },
    latest: { read: (s, p) => s.latest(p, 'gusto') },
    save: ownRecord,
    claimAbandoned: { exempt: 'the start-up sweep closes runs any practice left behind by a dead process' },
  },
  services: {
    get: { read: (s, p) => s.get(p, service.id) },
    list: { read: (s, p) => s.list(p, { includeArchived: true }) },
    save: ownRecord,
  },
  proposals: {
    get: { read: (s, p) => s.get(p, proposalId) },
    findByNumber: { read: (s, p) => s.findByNumber(p, 1) },
    list: { read: (s, p) => s.list(p) },
    nextNumber: { read: (s, p) => s.nextNumber(p), b: 1 },
    findByLinkHash: { exempt: 'a client has only the link; its hash is unique across practices' },
    listOpen: { exempt: 'the reminder and expiry jobs work across every practice' },
    save: { write: (s, p) => s.save({ ...proposalDraft(), id: 'proposal-b' as ProposalId, practiceId: p }) },
  },
  templates: {
    list: { read: (s, p) => s.list(p) },
    findByKey: { read: (s, p) => s.findByKey(p, 'monthly') },
    save: { write: (s, p) => s.save(p, { id: 'template-b' as TemplateId, practiceId: p, key: 'monthly', name: 'B monthly', perEmployee: true, content: draft().content }) },
  },
  schedules: {
    get: { read: (s, p) => s.get(p, schedule.id) },
    listForProposal: { read: (s, p) => s.listForProposal(p, proposalId) },
    listForClient: { read: (s, p) => s.listForClient(p, clientId) },
    listBillable: { read: (s, p) => s.listBillable(p) },
    saveMany: ownRecord,
  },
  smartBillings: {
    listForProposal: { read: (s, p) => s.listForProposal(p, proposalId) },
    listPendingForClient: { read: (s, p) => s.listPendingForClient(p, clientId) },
    remove: { write: (s, p) => s.remove(p, proposalId, ['line-a']) },
    save: { write: (s, p) => s.save([{ ...setting, practiceId: p, chosenBy: 'Bo' }]) },
  },
  nonces: {
    consume: { read: (s, p) => s.consume(p, 'nonce-shared', at), b: false },
    put: { write: (s, p) => s.put(p, 'nonce-shared', at) },
  },
  flags: {
    get: { read: (s, p) => s.get(p, 'labs.smart-billing') },
    set: { write: (s, p) => s.set(p, 'labs.smart-billing', null) },
  },
  receipts: {
    firstSeen: { read: (s, p) => s.firstSeen(p, 'gusto', 'event-shared', at), b: true },
  },
  routes: {
    list: { read: (s, p) => s.list(p) },
    forEvent: { read: (s, p) => s.forEvent(p, 'sync.failed') },
    remove: { write: (s, p) => s.remove(p, 'sync.failed', 'slack') },
    save: { write: (s, p) => s.save({ ...route, practiceId: p, channelName: '#b' }) },
  },
  outbox: {
    due: { read: (s, p) => s.due(p, at, 10) },
    list: { read: (s, p) => s.list(p) },
    remove: { write: (s, p) => s.remove(p, entry.id) },
    save: ownRecord,
    add: ownRecord,
  },
  ledger: {
    // Chat deliveries are keyed by workspace, not practice: the ledger runs before a practice is known.
    claim: { read: (s, p) => s.claim(p === A ? 'T-A' : 'T-B', 'trigger:shared', at, 60_000).then((first) => !first), b: false },
    purge: { exempt: 'forgets expired keys of every workspace' },
  },
  writes: {
    get: { read: (s, p) => s.get(p, write.id) },
    findByKey: { read: (s, p) => s.findByKey(p, write.idempotencyKey) },
    failed: { read: (s, p) => s.failed(p, 'invoice') },
    enqueue: { write: (s, p) => s.enqueue({ ...write, id: 'write-b', practiceId: p, payload: { total: 2 } }) },
    markDone: { write: (s, p) => s.markDone(p, write.id, 'B-1', at) },
    retryLater: { write: (s, p) => s.retryLater(p, write.id, at, 'from B', at) },
    markFailed: { write: (s, p) => s.markFailed(p, write.id, 'from B', at) },
    requeue: { write: (s, p) => s.requeue(p, write.id, at) },
    dueApps: { exempt: 'the drain sends every practice\'s due writes' },
    claimDue: { exempt: 'the drain sends every practice\'s due writes' },
  },
  invoices: {
    get: { read: (s, p) => s.get(p, billed.id) },
    findByNumber: { read: (s, p) => s.findByNumber(p, 1) },
    list: { read: (s, p) => s.list(p) },
    billedCharges: { read: async (s, p) => [...(await s.billedCharges(p, [schedule.id]))] },
    nextNumber: { read: (s, p) => s.nextNumber(p), b: 1 },
    // B naming A's schedule and period bills its own charge: A's line is neither refused nor touched.
    insert: { write: (s, p) => s.insert({ ...billed, id: 'invoice-b' as InvoiceId, practiceId: p }) },
    update: { write: (s, p) => s.update({ ...billed, practiceId: p, status: 'skipped', lines: [] }) },
  },
  appClients: {
    get: { read: (s, p) => s.get(p, 'sage', 'rec-shared') },
    list: { read: (s, p) => s.list(p, 'sage', { view: 'to-import', search: 'acme', limit: 10, offset: 0 }), b: { items: [], total: 0 } },
    rejectedMatches: { read: (s, p) => s.rejectedMatches(p, 'sage', ['rec-shared']) },
    // B reading the same app ids puts its own records: A's are neither renamed, revived nor counted.
    put: { write: (s, p) => s.put(p, 'sage', [sageRecord('rec-shared', 'B Renamed'), sageRecord('rec-gone', 'B Gone')], at) },
    markDeleted: { write: (s, p) => s.markDeleted(p, 'sage', ['rec-shared'], at) },
    setHidden: { write: async (s, p) => [await s.setHidden(p, 'sage', 'rec-shared', at), await s.setHidden(p, 'sage', 'rec-hidden', null)] },
    rejectMatch: { write: (s, p) => s.rejectMatch(p, 'sage', { externalId: 'rec-shared', clientId: asId<'Client'>('client-b') }) },
  },
  jobs: {
    requestedKeys: { read: async (s, p) => [...(await s.requestedKeys(p, [schedule.id]))] },
    get: { read: (s, p) => s.get(p, schedule.id, '2026-03-01') },
    listForProposal: { read: (s, p) => s.listForProposal(p, proposalId) },
    // B naming A's schedule and period asks for its own job: A's is neither refused nor touched.
    insert: { write: (s, p) => s.insert({ ...job, practiceId: p, name: 'B\'s job' }) },
    markCreated: { write: (s, p) => s.markCreated(p, schedule.id, '2026-03-01', { app: 'xpm', id: 'job-b', number: 'J-B', url: null }) },
  },
  directory: {
    list: { read: (s, p) => s.list(p, 'xpm', 'staff') },
    importedAt: { read: (s, p) => s.importedAt(p, 'xpm', 'staff') },
    // B's own list of the same ids: A's is neither renamed nor emptied.
    replace: { write: (s, p) => s.replace(p, 'xpm', 'staff', [{ externalId: 'staff-shared', name: 'B\'s staff' }], at) },
  },
  userLinks: {
    list: { read: (s, p) => s.list(p, 'xpm') },
    // B linking the same staff id links its own person: A's link is neither refused nor replaced.
    link: { write: (s, p) => s.link({ ...staffLink, practiceId: p, userId: asId<'User'>('user-b') }) },
    unlink: { write: (s, p) => s.unlink(p, staffLink.userId, 'xpm') },
  },
  threads: {
    rootOf: { read: (s, p) => s.rootOf({ ...spot, practiceId: p }) },
    homeOf: { read: (s, p) => s.homeOf(p, spot.key) },
    claimRoot: { write: (s, p) => s.claimRoot({ ...spot, practiceId: p }, 'ts-b', at) },
    replaceRoot: { write: (s, p) => s.replaceRoot({ ...spot, practiceId: p }, 'ts-a', 'ts-b', at) },
    setHome: { write: (s, p) => s.setHome(p, spot.key, { platform: 'slack', ref: { team: 'T-shared', channel: 'C-b' } }, at) },
  },
};

const isNothing = (v: unknown) => v === null || (Array.isArray(v) && v.length === 0);
/** What B must see, and proof that A's own read found the record. */
const hiddenFromB = (probe: Read<unknown>, asB: unknown) => (probe.b === undefined ? isNothing(asB) : JSON.stringify(asB) === JSON.stringify(probe.b));
const foundByA = (probe: Read<unknown>, asA: unknown) => !isNothing(asA) && (probe.b === undefined || JSON.stringify(asA) !== JSON.stringify(probe.b));
type Entry = { store: keyof TenantStores; method: string; probe: Read<unknown> | Write<unknown> | Exempt };
const entries: Entry[] = Object.entries(probes).flatMap(([store, methods]) =>
  Object.entries(methods as Record<string, Entry['probe']>).map(([method, probe]) => ({ store: store as keyof TenantStores, method, probe })));
const reads = entries.filter((e): e is Entry & { probe: Read<unknown> } => 'read' in e.probe);
const writes = entries.filter((e): e is Entry & { probe: Write<unknown> } => 'write' in e.probe);

/**
 * The tenant contract: practice A's records are never seen, changed or removed through practice B's
 * scope, by any method of any store port. The table above names every method (the type checker
 * insists), so a new port method can't be added without deciding how it is scoped.
 */
export function tenantIsolationContract(name: string, open: () => Promise<TenantStores>): void {
  describe(`${name} keeps every practice's records to itself`, () => {
    let s: TenantStores;
    beforeEach(async () => {
      s = await open();
      await seedPracticeA(s);
    });

    it.each(reads.map((e) => [`${e.store}.${e.method}`, e] as const))('%s shows practice B nothing of practice A', async (_label, e) => {
      const store = s[e.store] as never;

      const asB = await e.probe.read(store, B);
      const asA = await e.probe.read(store, A);

      expect(hiddenFromB(e.probe, asB), `practice B got ${JSON.stringify(asB)?.slice(0, 200)}`).toBe(true);
      expect(foundByA(e.probe, asA), 'practice A finds its own record, so the probe is real').toBe(true);
    });

    it('changes nothing of practice A\'s through practice B\'s scope', async () => {
      for (const e of writes) await e.probe.write(s[e.store] as never, B);

      for (const e of reads) {
        expect(foundByA(e.probe, await e.probe.read(s[e.store] as never, A)), `${e.store}.${e.method} still finds A's record`).toBe(true);
      }
      expect((await s.templates.findByKey(A, 'monthly'))?.name).toBe('Monthly');
      expect((await s.links.find(A, 'gusto', 'company-shared'))?.syncLevel).toBe('all');
      expect((await s.links.find(A, 'gusto', 'company-shared'))?.conflicts?.map((c) => c.field)).toEqual(['phone']);
      expect((await s.routes.forEvent(A, 'sync.failed')).map((r) => r.channelName)).toEqual(['#a']);
      expect((await s.smartBillings.listForProposal(A, proposalId)).map((x) => x.chosenBy)).toEqual(['Ann']);
      expect(await s.flags.get(A, 'labs.smart-billing')).toBe('on');
      expect(await s.writes.get(A, write.id)).toMatchObject({ status: 'pending', payload: { total: 1 }, externalId: null });
      expect(await s.invoices.get(A, billed.id)).toStrictEqual(billed);
      expect(await s.appClients.get(A, 'sage', 'rec-shared')).toMatchObject({ name: 'Acme Ltd', firstSeenAt: at });
      expect((await s.appClients.list(A, 'sage', { view: 'hidden', limit: 10, offset: 0 })).items.map((r) => r.externalId)).toEqual(['rec-hidden']);
      expect(await s.appClients.rejectedMatches(A, 'sage')).toEqual([{ externalId: 'rec-shared', clientId }]);
      expect(await s.jobs.get(A, schedule.id, '2026-03-01')).toStrictEqual(job);
      expect((await s.directory.list(A, 'xpm', 'staff')).map((e) => e.name)).toEqual(['Priya Shah']);
      expect(await s.userLinks.list(A, 'xpm')).toMatchObject([{ userId: 'user-a', externalId: 'staff-shared' }]);
      expect(await s.threads.rootOf(spot)).toBe('ts-a');
      expect(await s.threads.homeOf(A, spot.key)).toEqual(home);
    });
  });
}
