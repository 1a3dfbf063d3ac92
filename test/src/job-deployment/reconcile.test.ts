import { describe, expect, it } from 'vitest';
import type { BillingSchedule } from '../../../domain/billing/schedule.js';
import { newPractice, type Practice } from '../../../domain/practice/practice.js';
import type { Accepted } from '../../../domain/proposals/proposal.js';
import { asId } from '../../../domain/shared/ids.js';
import { inMemoryUnitOfWork } from '../../fakes/in-memory-unit-of-work.js';
import { createJobDeployment } from '../../../src/job-deployment/deploy.js';
import { createJobReconciler } from '../../../src/job-deployment/reconcile.js';
import { line, monthlyLine } from '../../builders/proposals.js';
import { completionSchedule, recurringSchedule, upfrontSchedule } from '../../builders/schedules.js';
import { libraryService } from '../../builders/services.js';
import { fixedClock, sequentialIds } from '../../fakes/clock.js';
import { InMemoryAppLinkStore, InMemoryClientStore, InMemoryConnectionStore } from '../../fakes/in-memory-clients.js';
import { InMemoryJobStore } from '../../fakes/in-memory-jobs.js';
import { InMemoryOutboxStore } from '../../fakes/in-memory-outbox.js';
import { InMemoryPracticeStore } from '../../fakes/in-memory-practice.js';
import { InMemoryBillingScheduleStore, InMemoryServiceStore } from '../../fakes/in-memory-proposals.js';

const template = 'tpl-uuid-1';
/** The billable schedules stand in for those owing jobs (the PostgreSQL source adds closed ones accepted lately). */
const owingFrom = (s: InMemoryBillingScheduleStore) => ({ owingJobs: (p: Parameters<typeof s.listBillable>[0]) => s.listBillable(p), listForProposal: s.listForProposal.bind(s) });

const world = async (o: { connected?: boolean; status?: 'active' | 'needs-reconnect' } = {}) => {
  const clock = fixedClock('2026-03-02T10:00:00Z');
  const practice: Practice = { ...newPractice(asId('pr1'), 'Smith & Co', clock.now()), invoiceDay: 1 };
  const practices = new InMemoryPracticeStore();
  await practices.save(practice);
  const clients = new InMemoryClientStore();
  await clients.save({ id: asId('c1'), practiceId: practice.id, status: 'lead', name: 'Acme Ltd', createdAt: clock.now(), updatedAt: clock.now() });
  const connections = new InMemoryConnectionStore();
  if (o.connected ?? true) {
    await connections.save({
      id: asId('conn1'), practiceId: practice.id, provider: 'xpm' as never, externalId: 'tenant-1', label: 'Smith XPM', status: o.status ?? 'active',
      tokens: { accessToken: 'a', refreshToken: 'r', expiresAt: new Date('2026-03-02T11:00:00Z') }, settings: {}, connectedAt: clock.now(),
    });
  }
  const links = new InMemoryAppLinkStore();
  const schedules = new InMemoryBillingScheduleStore();
  const services = new InMemoryServiceStore();
  const jobs = new InMemoryJobStore();
  const outbox = new InMemoryOutboxStore();
  const transaction = inMemoryUnitOfWork({ jobs, outbox });
  const ids = sequentialIds('id');
  const deployment = createJobDeployment({
    clients, links, connections, jobs, transaction, lock: { withLock: (_p, _c, work) => work() },
    jobApps: new Map([['xpm', { name: 'Xero Practice Manager' }]]), clock, ids,
  });
  let wakes = 0;
  const reconciler = createJobReconciler({
    schedules: owingFrom(schedules), jobs, services, practices, clients, jobApp: deployment.jobApp, transaction, clock, ids,
    wakeOutbox: async () => { wakes++; },
  });
  return {
    practice, clock, schedules, services, jobs, outbox, links, deployment, reconciler,
    wakes: () => wakes,
    add: (...s: BillingSchedule[]) => schedules.saveMany(s),
    jobWrites: () => [...outbox.rows.values()].filter((r) => r.kind === 'job'),
  };
};

const linkedService = (id: string, templateId: string | undefined) => libraryService({ id: id as never, ...(templateId ? { xpmJobTemplate: templateId } : {}) });

describe('the job reconciler', () => {
  it('asks for one job for a one-off service linked to a template, with its write in the outbox', async () => {
    const w = await world();
    await w.services.save(linkedService('svc-1', template));
    await w.add(upfrontSchedule({}, line({ serviceId: 'svc-1' as never })));
    const report = await w.reconciler.run(w.practice.id, '2026-03-02');
    expect(report.requested.map((j) => [j.period, j.templateId, j.startDate, j.dueDate])).toEqual([['once', template, '2026-03-02', '2026-04-01']]);
    const [write] = w.jobWrites();
    expect(write).toMatchObject({ app: 'xpm', kind: 'job', sourceId: 'up', period: 'once', payload: { clientName: 'Acme Ltd', proposal: 'P-1', marker: 'P-1-l1-once' } });
    expect(await w.jobs.get(w.practice.id, asId('up'), 'once')).toMatchObject({ created: null, requestedAt: w.clock.now() });
    expect(w.wakes()).toBe(1);
  });

  it('asks for a recurring service\'s job per period as its dates come, never twice', async () => {
    const w = await world();
    await w.services.save(linkedService('svc-m', template));
    await w.add(recurringSchedule({}, monthlyLine({ serviceId: 'svc-m' as never })));
    // The first period is the first invoice day after the start, as billing's.
    expect((await w.reconciler.run(w.practice.id, '2026-03-31')).requested).toEqual([]);
    expect((await w.reconciler.run(w.practice.id, '2026-04-01')).requested.map((j) => [j.period, j.startDate, j.dueDate])).toEqual([['2026-04-01', '2026-04-01', '2026-04-30']]);
    expect((await w.reconciler.run(w.practice.id, '2026-04-20')).requested).toEqual([]);
    // Down for a few days over a period's turn: the period just ended and the current one, each once.
    const later = await w.reconciler.run(w.practice.id, '2026-06-03');
    expect(later.requested.map((j) => j.period)).toEqual(['2026-05-01', '2026-06-01']);
    expect(w.jobWrites().map((r) => r.period)).toEqual(['2026-04-01', '2026-05-01', '2026-06-01']);
  });

  it('starts a late-linked recurring service near today instead of back-filling every month since its acceptance', async () => {
    const w = await world();
    await w.services.save(linkedService('svc-m', template));
    await w.add(recurringSchedule({}, monthlyLine({ serviceId: 'svc-m' as never })));

    const late = await w.reconciler.run(w.practice.id, '2026-09-15');

    expect(late.requested.map((j) => j.period)).toEqual(['2026-09-01']);
  });

  it('asks for nothing for a service linked to no template', async () => {
    const w = await world();
    await w.services.save(linkedService('svc-1', undefined));
    await w.add(upfrontSchedule({}, line({ serviceId: 'svc-1' as never })));
    expect((await w.reconciler.run(w.practice.id, '2026-03-02')).requested).toEqual([]);
    expect(w.jobWrites()).toEqual([]);
    expect(w.wakes()).toBe(0);
  });

  it('asks for nothing while no job app is connected', async () => {
    const w = await world({ connected: false });
    await w.services.save(linkedService('svc-1', template));
    await w.add(upfrontSchedule({}, line({ serviceId: 'svc-1' as never })));
    expect((await w.reconciler.run(w.practice.id, '2026-03-02')).requested).toEqual([]);
    expect(w.jobWrites()).toEqual([]);
  });

  it('queues nothing on a second run, and a run racing another one writes nothing for the job it lost', async () => {
    const w = await world();
    await w.services.save(linkedService('svc-1', template));
    await w.add(upfrontSchedule({}, line({ serviceId: 'svc-1' as never })));
    await w.reconciler.run(w.practice.id, '2026-03-02');
    expect(await w.reconciler.run(w.practice.id, '2026-03-02')).toEqual({ requested: [], skipped: 0 });
    // Another process inserted the job after this run read what was requested: the unique key keeps one.
    const stale = createJobReconciler({
      schedules: owingFrom(w.schedules), jobs: { requestedKeys: async () => new Set() }, services: w.services, practices: { get: async () => w.practice },
      clients: { get: async () => null }, jobApp: async () => 'xpm', transaction: inMemoryUnitOfWork({ jobs: w.jobs, outbox: w.outbox }),
      wakeOutbox: async () => undefined, clock: w.clock, ids: sequentialIds('other'),
    });
    expect(await stale.run(w.practice.id, '2026-03-02')).toEqual({ requested: [], skipped: 1 });
    expect(w.jobWrites()).toHaveLength(1);
  });

  it('reads a just-accepted proposal\'s on-completion schedule, which is not billable yet', async () => {
    const w = await world();
    await w.services.save(linkedService('svc-1', template));
    await w.add(completionSchedule({}, line({ serviceId: 'svc-1' as never, billing: { kind: 'on-completion' } })));
    expect((await w.reconciler.run(w.practice.id, '2026-03-02')).requested).toEqual([]);
    expect((await w.reconciler.run(w.practice.id, '2026-03-02', { proposalId: asId('p1') })).requested.map((j) => j.period)).toEqual(['once']);
  });
});

describe('the client write an acceptance records', () => {
  const accepted = { practiceId: asId('pr1'), id: asId('p1'), clientId: asId('c1'), clientName: 'Acme Ltd' } as unknown as Accepted;

  it('asks for the lead to be found or made in XPM when it is linked to no XPM client, templates or not', async () => {
    const w = await world();
    expect(await w.deployment.clientWritesOnAcceptance(accepted)).toEqual([{
      practiceId: 'pr1', app: 'xpm', kind: 'client', sourceId: 'c1', period: 'on-acceptance', payload: { clientId: 'c1', name: 'Acme Ltd', create: true },
    }]);
  });

  it('asks for it too while XPM waits to be reconnected: the write waits in the outbox, the acceptance is not repeated', async () => {
    const w = await world({ status: 'needs-reconnect' });
    expect((await w.deployment.clientWritesOnAcceptance(accepted)).map((r) => [r.app, r.kind, r.period])).toEqual([['xpm', 'client', 'on-acceptance']]);
  });

  it('asks for nothing for a client already linked, or while XPM is not connected', async () => {
    const w = await world();
    await w.links.link({ practiceId: asId('pr1'), provider: 'xpm' as never, externalId: 'x-1', clientId: asId('c1'), syncLevel: 'all' });
    expect(await w.deployment.clientWritesOnAcceptance(accepted)).toEqual([]);
    const off = await world({ connected: false });
    expect(await off.deployment.clientWritesOnAcceptance(accepted)).toEqual([]);
  });
});
