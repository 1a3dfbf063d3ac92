/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read Block Kit, Adaptive Card and socket JSON loosely */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import nock from 'nock';
import { card, type Card } from '../../../src/cards.js';
import type { ChatRequest } from '../../../src/chat.js';
import { registerTeamsRoutes, type TeamsRuntime } from '../../../adapters/teams/routes.js';
import { teamsTarget } from '../../../adapters/teams/request.js';
import { InMemoryDeliveryLedger, recordingLog } from '../../fakes/in-memory-chat.js';

const serviceUrl = 'http://127.0.0.1:39876/';
let n = 0;
const message = (extra: Record<string, unknown>) => ({
  type: 'message', id: `act-${++n}`, channelId: 'msteams', serviceUrl, timestamp: new Date().toISOString(),
  from: { id: '29:user', name: 'Ann Lee', aadObjectId: 'aad-ann' },
  recipient: { id: '28:bot', name: 'Ignition' },
  conversation: { id: '19:general@thread.tacv2', conversationType: 'channel', tenantId: 'tenant-1' },
  channelData: { tenant: { id: 'tenant-1' }, channel: { name: 'General' } },
  ...extra,
});

const requests: ChatRequest[] = [];
const core = {
  async handle(r: ChatRequest): Promise<{ cards: Card[] }> {
    requests.push(r);
    if (r.text === 'clients') return { cards: [card('Clients', { rows: Array.from({ length: 25 }, (_, i) => ({ title: `Client ${i}` })) })] };
    if (r.text.startsWith('client add') && r.text.includes('email=nope')) return { cards: [card('Check the client', { tone: 'error', form: { title: 'New client', submit: 'client add', submitLabel: 'Add', inputs: [{ id: 'name', label: 'Name', kind: 'text' }, { id: 'email', label: 'Email', kind: 'email', error: '"nope" is not an email address' }] } })] };
    if (r.text === 'client new') return { cards: [card('New client', { form: { title: 'New client', submit: 'client add', submitLabel: 'Add', inputs: [{ id: 'name', label: 'Name', kind: 'text' }] } })] };
    return { cards: [card(`You asked: ${r.text}`, { buttons: [{ label: 'Again', command: r.text }] })] };
  },
};

/** The fake Bot Connector: records each activity the bot sends to a conversation. */
const connector = () => {
  const sent: any[] = [];
  nock('http://127.0.0.1:39876').persist()
    .post(/\/v3\/conversations\/.+\/activities/).reply(200, (_uri, body) => { sent.push(body); return { id: `sent-${sent.length}` }; });
  return sent;
};

describe('Teams on POST /api/messages', () => {
  let app: FastifyInstance;
  let runtime: TeamsRuntime | null;
  const log = recordingLog();

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost):(?!39876)/);
    app = Fastify();
    runtime = await registerTeamsRoutes(app, { core, ledger: new InMemoryDeliveryLedger(), log, credentials: null, devUnauthenticated: true, appNames: ['Gusto'] });
    await app.ready();
  });
  afterEach(() => nock.cleanAll());
  afterAll(async () => { await app.close(); nock.enableNetConnect(); });

  it('says loudly that it runs in local unauthenticated mode', () => {
    expect(log.lines.some((l) => l.level === 'warn' && /UNAUTHENTICATED/.test(l.msg ?? ''))).toBe(true);
  });

  it.each([['sync'], ['ignition sync'], ['<at>Ignition</at> sync']])('reaches the same grammar from %j and replies with an Adaptive Card at the serviceUrl', async (text) => {
    const sent = connector();
    const entities = text.startsWith('<at>') ? [{ type: 'mention', text: '<at>Ignition</at>', mentioned: { id: '28:bot', name: 'Ignition' } }] : [];

    const res = await app.inject({ method: 'POST', url: '/api/messages', payload: message({ text, entities }) });

    expect(res.statusCode).toBe(200);
    expect(requests.at(-1)).toMatchObject({ identity: { platform: 'teams', workspaceId: 'tenant-1', userId: 'aad-ann' }, displayName: 'Ann Lee' });
    expect(requests.at(-1)!.text.replace(/^ignition\s+/i, '')).toBe('sync');
    const attachment = sent[0].attachments[0];
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachment.content).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(attachment.content.actions[0]).toMatchObject({ type: 'Action.Submit', data: { ignition: 'run' } });
  });

  it('runs a button press and a form submission through the same core', async () => {
    connector();

    await app.inject({ method: 'POST', url: '/api/messages', payload: message({ value: { ignition: 'run', command: 'clients' } }) });
    await app.inject({ method: 'POST', url: '/api/messages', payload: message({ value: { ignition: 'submit', submit: 'client add', name: 'Acme Ltd', email: 'a@acme.test' } }) });

    expect(requests.at(-2)!.text).toBe('clients');
    expect(requests.at(-1)!.text).toBe('client add name="Acme Ltd" email=a@acme.test');
  });

  it('turns a page from the cached reply without running the command again', async () => {
    const sent = connector();
    await app.inject({ method: 'POST', url: '/api/messages', payload: message({ text: 'clients' }) });
    const next = sent[0].attachments[0].content.actions.find((a: any) => a.title === 'Next ▶');
    const before = requests.length;

    await app.inject({ method: 'POST', url: '/api/messages', payload: message({ value: next.data }) });

    const page = sent[1].attachments[0].content;
    expect(page.body.find((e: any) => e.type === 'Container').items[0].text).toBe('Client 10');
    expect(requests.length).toBe(before);
  });

  it('answers a refused form submission with the error beside the field and the typed values kept', async () => {
    const sent = connector();

    await app.inject({ method: 'POST', url: '/api/messages', payload: message({ value: { ignition: 'submit', submit: 'client add', name: 'Acme Ltd', email: 'nope' } }) });

    const body = sent[0].attachments[0].content.body;
    const email = body.findIndex((e: any) => e.id === 'email');
    expect(body.find((e: any) => e.id === 'name').value).toBe('Acme Ltd');
    expect(body[email].value).toBe('nope');
    expect(body[email + 1].text).toContain('is not an email address');
  });

  it('renders a form as inputs with a submit action', async () => {
    const sent = connector();

    await app.inject({ method: 'POST', url: '/api/messages', payload: message({ text: 'client new' }) });

    const content = sent[0].attachments[0].content;
    expect(content.body.some((e: any) => e.type === 'Input.Text' && e.id === 'name')).toBe(true);
    expect(content.actions[0]).toMatchObject({ type: 'Action.Submit', data: { ignition: 'submit', submit: 'client add' } });
  });

  it('says hello with next steps when it is added to a conversation', async () => {
    const sent = connector();

    await app.inject({ method: 'POST', url: '/api/messages', payload: message({ type: 'conversationUpdate', membersAdded: [{ id: '28:bot' }] }) });

    const content = sent[0].attachments[0].content;
    expect(content.body[0].text).toBe('Hello from Ignition');
    expect(content.body[1].text).toBe('I keep your clients, proposals and billing in step with Gusto. Type **help** to see what I can do, or **setup** if you are setting me up for your practice.');
    expect(content.actions.map((a: any) => a.data.command)).toEqual(['help', 'setup']);
  });

  it('refuses an activity whose serviceUrl is not a Bot Framework host and sends nothing', async () => {
    const evil = nock('https://evil.trafficmanager.net').post(/.*/).reply(200, {});
    const before = requests.length;

    const res = await app.inject({ method: 'POST', url: '/api/messages', payload: message({ text: 'help', serviceUrl: 'https://evil.trafficmanager.net/' }) });

    expect(res.statusCode).toBe(401);
    expect(requests.length).toBe(before);
    expect(evil.isDone()).toBe(false);
  });

  it('ignores a re-delivered activity with the same id', async () => {
    connector();
    const activity = message({ text: 'help' });
    const before = requests.length;

    await app.inject({ method: 'POST', url: '/api/messages', payload: activity });
    await app.inject({ method: 'POST', url: '/api/messages', payload: activity });

    expect(requests.length).toBe(before + 1);
  });

  it('posts proactively to a stored conversation, then updates that message', async () => {
    const sent = connector();
    const updates: any[] = [];
    nock('http://127.0.0.1:39876').put(/\/v3\/conversations\/.+\/activities\/sent-1/).reply(200, (_u, body) => { updates.push(body); return { id: 'sent-1' }; });
    const target = teamsTarget(message({}) as never);

    const handle = await runtime!.replies.post(target, card('Sync started', { text: '0 of 12 clients' }));
    await runtime!.replies.update(target, handle!, card('Sync finished', { tone: 'success' }));

    expect(handle).toBe('sent-1');
    expect(sent[0].attachments[0].content.body[0].text).toBe('Sync started');
    expect(updates[0].attachments[0].content.body[0].text).toBe('Sync finished');
  });
});

describe('Teams when not configured', () => {
  it('answers 503 with what to set, and no activity is processed', async () => {
    const app = Fastify();
    const runtime = await registerTeamsRoutes(app, { core, ledger: new InMemoryDeliveryLedger(), log: recordingLog(), credentials: null, devUnauthenticated: false });

    const res = await app.inject({ method: 'POST', url: '/api/messages', payload: message({ text: 'help' }) });

    expect(runtime).toBeNull();
    expect(res.statusCode).toBe(503);
    expect(res.json().hint).toMatch(/MICROSOFT_APP_ID/);
    await app.close();
  });

  it('refuses an unauthenticated activity with 401 once credentials are set', async () => {
    const app = Fastify();
    await registerTeamsRoutes(app, {
      core, ledger: new InMemoryDeliveryLedger(), log: recordingLog(), devUnauthenticated: false,
      credentials: { appId: '00000000-0000-0000-0000-000000000001', appPassword: 'pw', tenantId: 'tenant-1' },
    });

    const res = await app.inject({ method: 'POST', url: '/api/messages', payload: message({ text: 'help', serviceUrl: 'https://smba.trafficmanager.net/amer/' }) });

    expect(res.statusCode).toBe(401);
    expect(res.body).toBe('');
    await app.close();
  });
});
