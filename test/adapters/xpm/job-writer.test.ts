import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { withClientCreate } from '../../../adapters/xpm/client-create-writer.js';
import { xpmJobWriter } from '../../../adapters/xpm/job-writer.js';
import { jobWrite } from '../../../domain/jobs/ports.js';
import { newOutboxEntry, type OutboxEntry } from '../../../domain/outbox/entry.js';
import type { AppConnection } from '../../../domain/practice/connection.js';
import { asId } from '../../../domain/shared/ids.js';
import type { AppWriter } from '../../../src/apps/app.js';
import { createJobDeployment } from '../../../src/job-deployment/deploy.js';
import { fixedClock, sequentialIds } from '../../fakes/clock.js';
import { InMemoryAppLinkStore, InMemoryClientStore, InMemoryConnectionStore } from '../../fakes/in-memory-clients.js';
import { InMemoryJobStore } from '../../fakes/in-memory-jobs.js';
import { InMemoryOutboxStore } from '../../fakes/in-memory-outbox.js';
import { inMemoryUnitOfWork } from '../../fakes/in-memory-unit-of-work.js';
import { asPractice, detailedClient, job, response, tenantId, xml, xpmBase as base, xpmHost as host, xpmTestClient } from './support.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

const xpmUuid = 'bd4ce3c0-0d44-4a9c-8b49-1e4b2a8d8f63';
const partner = '7c3e1f20-5a4b-4c3d-9e2f-1a0b9c8d7e6f';
const manager = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const template = '3b1c2d4e-0000-4000-8000-00000000aa01';
const marker = 'P-7-l1-once';
const pr = asId<'Practice'>('pr1');

const connection: AppConnection = {
  id: asId('conn1'), practiceId: pr, provider: 'xpm' as never, externalId: tenantId, label: 'Smith XPM', status: 'active',
  tokens: { accessToken: 'tok-1', refreshToken: 'r', expiresAt: new Date('2026-11-22T11:00:00Z') }, settings: {}, connectedAt: new Date('2026-11-01T00:00:00Z'),
};

const world = async (o: { name?: string; linked?: string; otherLinked?: string } = {}) => {
  const clock = fixedClock('2026-11-22T10:00:00Z');
  const clients = new InMemoryClientStore();
  const at = clock.now();
  await clients.save({
    id: asId('c1'), practiceId: pr, status: 'lead', name: o.name ?? 'Smith & Sons Ltd', email: 'accounts@smithandsons.example', createdAt: at, updatedAt: at,
    contacts: [{ name: 'Jo Smith', email: 'jo@smithandsons.example' }],
    partner: { name: 'Priya Shah', externalId: partner }, manager: { name: 'Tom Reed', externalId: manager },
  });
  await clients.save({ id: asId('c2'), practiceId: pr, status: 'client', name: 'Other Ltd', createdAt: at, updatedAt: at });
  const links = new InMemoryAppLinkStore();
  if (o.linked) await links.link({ practiceId: pr, provider: 'xpm' as never, externalId: o.linked, clientId: asId('c1'), syncLevel: 'all' });
  if (o.otherLinked) await links.link({ practiceId: pr, provider: 'xpm' as never, externalId: o.otherLinked, clientId: asId('c2'), syncLevel: 'all' });
  const connections = new InMemoryConnectionStore();
  await connections.save(connection);
  const jobs = new InMemoryJobStore();
  const outbox = new InMemoryOutboxStore();
  const deployment = createJobDeployment({
    clients, links, connections, jobs, transaction: inMemoryUnitOfWork({ jobs, outbox }), lock: { withLock: (_p, _c, work) => work() },
    jobApps: new Map([['xpm', { name: 'Xero Practice Manager' }]]), clock, ids: sequentialIds('n'),
  });
  const request = {
    practiceId: pr, scheduleId: asId<'BillingSchedule'>('p7:l1'), period: 'once' as const, proposalId: asId<'Proposal'>('p7'), clientId: asId<'Client'>('c1'),
    name: 'Year-end accounts', description: 'Statutory accounts', startDate: '2026-12-01', dueDate: '2026-12-31', templateId: template, marker,
  };
  await jobs.insert({ ...request, requestedAt: at, created: null });
  const w = jobWrite('xpm', request);
  const entry: OutboxEntry = newOutboxEntry({ ...w, payload: { ...w.payload, clientName: 'Smith & Sons Ltd', proposal: 'P-7' } }, 'row-1', at);
  const api = () => xpmTestClient().client;
  const writer = xpmJobWriter({ api, deployment });
  const fieldWrites: string[] = [];
  const fields: AppWriter = { lookup: async (e) => { fieldWrites.push(`lookup ${e.id}`); return null; }, create: async (e) => { fieldWrites.push(`create ${e.id}`); return 'x'; } };
  const clientWriter = withClientCreate(fields, { api, deployment });
  const token = async () => 'tok-1';
  return { writer, clientWriter, fieldWrites, entry, token, links, jobs, outbox, deployment };
};

const jobsOf = (uuid: string, ...jobs: string[]) => nock(host, asPractice).get(`${base}/job.api/client/${uuid}`)
  .reply(200, response('Client', jobs.length ? `<Jobs>${jobs.join('')}</Jobs>` : '<Jobs />'), xml);
const searchFor = (name: string, clients: string) => nock(host, asPractice).get(`${base}/client.api/search`).query({ query: name, detailed: 'true' })
  .reply(200, response('Search', clients ? `<Clients>${clients}</Clients>` : '<Clients />'), xml);
const assigned = (seen: string[]) => nock(host, asPractice).put(`${base}/job.api/assign`, (b: string) => { seen.push(b); return true; })
  .reply(200, response('Assign', ''), xml);
const clientNamed = (uuid: string, name: string) => detailedClient.replace(xpmUuid, uuid).replace('Smith &amp; Sons Ltd', name);

describe('XPM job writer', () => {
  it('finds the job by our marker under the linked client and adds nothing; it assigns partner and manager and records the job', async () => {
    const w = await world({ linked: xpmUuid });
    const bodies: string[] = [];
    const scopes = [jobsOf(xpmUuid, job('J000308', 'P-7-other-once'), job('J000309', marker)), assigned(bodies)];

    expect(await w.writer.lookup(w.entry, w.token, connection)).toBe('J000309');
    for (const sc of scopes) sc.done();
    expect(bodies[0]).toContain('<ID>J000309</ID>');
    expect(await w.jobs.get(pr, asId('p7:l1'), 'once')).toMatchObject({
      created: { app: 'xpm', number: 'J000309', url: 'https://practicemanager.xero.com/Job/J000309/Detail' },
    });
    const [posted] = [...w.outbox.rows.values()];
    expect(posted).toMatchObject({ app: 'chat', kind: 'notification', payload: { event: 'job.created', card: { title: 'Job J000309 created in Xero Practice Manager', thread: 'proposal:p7' } } });
  });

  it('on a miss adds the job (dates yyyyMMdd, template, marker as ClientNumber), then assigns partner and manager', async () => {
    const w = await world({ linked: xpmUuid });
    let added = '';
    const bodies: string[] = [];
    const scope = jobsOf(xpmUuid, job('J000308', 'P-7-other-once'))
      .post(`${base}/job.api/add`, (b: string) => { added = b; return true; }).reply(200, response('Add', job('J000310', marker)), xml)
      .put(`${base}/job.api/assign`, (b: string) => { bodies.push(b); return true; }).reply(200, response('Assign', ''), xml);

    expect(await w.writer.lookup(w.entry, w.token, connection)).toBeNull();
    expect(await w.writer.create(w.entry, w.token, connection)).toBe('J000310');
    scope.done();
    for (const part of ['<Name>Year-end accounts</Name>', `<ClientUUID>${xpmUuid}</ClientUUID>`, '<StartDate>20261201</StartDate>', '<DueDate>20261231</DueDate>', `<ClientNumber>${marker}</ClientNumber>`, `<TemplateUUID>${template}</TemplateUUID>`]) {
      expect(added).toContain(part);
    }
    expect(bodies[0]).toContain(`<add-partner uuid="${partner}"`);
    expect(bodies[0]).toContain(`<add-manager uuid="${manager}"`);
    expect((await w.jobs.get(pr, asId('p7:l1'), 'once'))?.created?.number).toBe('J000310');
  });

  it('puts the job under the XPM client with exactly the same name (spaces at the ends aside), linking it, and makes no client', async () => {
    const w = await world({ name: ' Smith & Sons Ltd ' });
    const scopes = [
      searchFor('Smith & Sons Ltd', clientNamed('aaaaaaaa-0000-4000-8000-000000000001', 'Smith &amp; Sons Ltd (old)') + clientNamed('aaaaaaaa-0000-4000-8000-000000000002', 'SMITH &amp; SONS LTD') + clientNamed(xpmUuid, 'Smith &amp; Sons Ltd')),
      jobsOf(xpmUuid, job('J000309', marker)), assigned([]),
    ];

    expect(await w.writer.lookup(w.entry, w.token, connection)).toBe('J000309');
    for (const sc of scopes) sc.done();
    expect(await w.links.find(pr, 'xpm' as never, xpmUuid)).toMatchObject({ clientId: 'c1', baseline: { name: 'Smith & Sons Ltd' } });
  });

  it('makes a new XPM client with the contacts when the same-named one is another client\'s, and links it', async () => {
    const w = await world({ otherLinked: xpmUuid });
    const fresh = 'cccccccc-0000-4000-8000-00000000000c';
    let sent = '';
    const scopes = [
      searchFor('Smith & Sons Ltd', clientNamed(xpmUuid, 'Smith &amp; Sons Ltd')),
      nock(host, asPractice).post(`${base}/client.api/add`, (b: string) => { sent = b; return true; }).reply(200, response('Add', clientNamed(fresh, 'Smith &amp; Sons Ltd')), xml),
      jobsOf(fresh),
    ];

    expect(await w.writer.lookup(w.entry, w.token, connection)).toBeNull();
    for (const sc of scopes) sc.done();
    expect(sent).toContain('<Name>Jo Smith</Name>');
    expect(sent).toContain(`<AccountManagerUUID>${partner}</AccountManagerUUID>`);
    expect(await w.links.find(pr, 'xpm' as never, fresh)).toMatchObject({ clientId: 'c1' });
  });
});

describe('XPM client writer: the client an acceptance asks for', () => {
  it('finds or makes the client and links it; a second send finds it linked and calls XPM for nothing', async () => {
    const w = await world();
    const [request] = await w.deployment.clientWritesOnAcceptance({ practiceId: pr, id: asId('p7'), clientId: asId('c1'), clientName: 'Smith & Sons Ltd' } as never);
    const entry = newOutboxEntry(request!, 'row-2', new Date('2026-11-22T10:00:00Z'));
    const scopes = [searchFor('Smith & Sons Ltd', ''), nock(host, asPractice).post(`${base}/client.api/add`).reply(200, response('Add', detailedClient), xml)];

    expect(await w.clientWriter.lookup(entry, w.token, connection)).toBeNull();
    expect(await w.clientWriter.create(entry, w.token, connection)).toBe(xpmUuid);
    for (const sc of scopes) sc.done();
    expect(await w.clientWriter.lookup(entry, w.token, connection)).toBe(xpmUuid);
    expect(w.fieldWrites).toEqual([]);
  });

  it('leaves two-way field changes to the field writer', async () => {
    const w = await world({ linked: xpmUuid });
    const entry = newOutboxEntry({ practiceId: pr, app: 'xpm', kind: 'client', sourceId: 'c1', period: 'phone', payload: {} }, 'row-3', new Date());
    await w.clientWriter.lookup(entry, w.token, connection);
    await w.clientWriter.create(entry, w.token, connection);
    expect(w.fieldWrites).toEqual(['lookup row-3', 'create row-3']);
  });
});

describe('XPM client field writes', () => {
  it('send one write of a client at a time, so the second reads what the first wrote', async () => {
    const w = await world({ linked: xpmUuid });
    let inFlight = 0;
    let most = 0;
    const slow: AppWriter = {
      lookup: async () => null,
      create: async (e) => {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 20));
        inFlight--;
        return e.sourceId;
      },
    };
    const writer = withClientCreate(slow, { api: () => xpmTestClient().client, deployment: w.deployment });
    const edit = (id: string) => newOutboxEntry({ practiceId: pr, app: 'xpm', kind: 'client', sourceId: 'c1', period: id, payload: { externalId: xpmUuid, reference: 'c1', name: 'Smith & Sons Ltd', values: {} } }, id, new Date('2026-11-22T10:00:00Z'));

    await Promise.all([writer.create(edit('e1'), w.token, connection), writer.create(edit('e2'), w.token, connection)]);

    expect(most).toBe(1);
  });
});
