/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read Block Kit, Adaptive Card and socket JSON loosely */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import nock from 'nock';
import type { FastifyInstance } from 'fastify';
import { card, errorCard, type Card } from '../../../src/cards.js';
import type { ChatRequest } from '../../../src/chat.js';
import { interactionBody, scriptedCore, signedHeaders, slackServer, slashBody } from './support.js';

const clientForm = (error?: string): Card => card('New client', {
  form: {
    title: 'New client', submit: 'client add', submitLabel: 'Add client',
    inputs: [
      { id: 'name', label: 'Name', kind: 'text', required: true },
      { id: 'email', label: 'Email', kind: 'email', ...(error ? { error } : {}) },
    ],
  },
});

const script = (r: ChatRequest): { cards: Card[] } => {
  if (r.text === 'help') return { cards: [card('Ignition commands', { text: 'Here is what I can do.', buttons: [{ label: 'Sync', command: 'sync' }] })] };
  if (r.text === 'announce') return { cards: [card('Sync finished', { visibility: 'channel' })] };
  if (r.text === 'client new') return { cards: [clientForm()] };
  if (r.text.startsWith('client add') && r.text.includes('email=nope')) return { cards: [clientForm('"nope" is not an email address')] };
  if (r.text.startsWith('client add')) return { cards: [card('Client added', { tone: 'success' })] };
  if (r.text === 'clients') return { cards: [card('Clients', { rows: Array.from({ length: 40 }, (_, i) => ({ title: `Client ${i}` })) })] };
  if (r.text === 'boom') throw new Error('provider exploded');
  if (r.text === 'slow') return new Promise((resolve) => setTimeout(() => resolve({ cards: [card('Slow answer')] }), 300)) as never;
  return { cards: [errorCard('Unknown', 'no')] };
};

describe('Slack interactions through POST /slack/events', () => {
  let app: FastifyInstance;
  let log: Awaited<ReturnType<typeof slackServer>>['log'];
  const { core, requests } = scriptedCore(script);
  const post = (payload: string, headers: Record<string, string> = signedHeaders(payload)) =>
    app.inject({ method: 'POST', url: '/slack/events', payload, headers });

  beforeAll(async () => {
    nock.disableNetConnect();
    ({ app, log } = await slackServer(core, { ackBudgetMs: 100 }));
  });
  afterEach(() => nock.cleanAll());
  afterAll(async () => { await app.close(); nock.enableNetConnect(); });

  it('answers /ignition help in the ack with Block Kit, privately, and passes who asked', async () => {
    const res = await post(slashBody('help'));

    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.response_type).toBe('ephemeral');
    expect(body.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Ignition commands' } });
    expect(body.blocks.find((b: any) => b.type === 'actions').elements[0]).toMatchObject({ action_id: 'ignition_run:0', value: 'sync' });
    expect(requests.at(-1)).toMatchObject({ identity: { platform: 'slack', workspaceId: 'T1', userId: 'U1' }, displayName: 'ann', channel: { id: 'C1' } });
  });

  it('posts in_channel when every card is meant for the channel', async () => {
    const res = await post(slashBody('announce'));

    expect(res.json().response_type).toBe('in_channel');
  });

  it('acks a slow command at once and posts the answer to response_url, replacing the note', async () => {
    const posted = new Promise<any>((resolve) => {
      nock('https://hooks.slack.com').post('/commands/T1/1/abc', (b) => { resolve(b); return true; }).reply(200, 'ok');
    });

    const res = await post(slashBody('slow'));

    expect(res.json().blocks[0].text.text).toBe('Working on it');
    const later = await posted;
    expect(later).toMatchObject({ replace_original: true, response_type: 'ephemeral' });
    expect(later.blocks[0].text.text).toBe('Slow answer');
  });

  it('has one effect when Slack delivers the same command twice', async () => {
    const body = slashBody('help', { trigger_id: 'trig-same' });
    const before = requests.length;

    const first = await post(body);
    const second = await post(body, { ...signedHeaders(body), 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });

    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(200);
    expect(requests.length).toBe(before + 1);
  });

  it('has one effect when an event is retried with the same event_id', async () => {
    const event = JSON.stringify({
      type: 'event_callback', team_id: 'T1', api_app_id: 'A1', event_id: 'Ev1', event_time: 1,
      event: { type: 'app_mention', user: 'U1', text: '<@UBOT> help', channel: 'C1', ts: '1.1', team: 'T1' },
    });
    const said = nock('https://slack.test').post('/api/chat.postMessage').times(2).reply(200, { ok: true, ts: '2.2' });
    const before = requests.length;

    await post(event, signedHeaders(event, { contentType: 'application/json' }));
    await post(event, { ...signedHeaders(event, { contentType: 'application/json' }), 'x-slack-retry-num': '1' });
    await vi.waitFor(() => {
      expect(said.pendingMocks()).toHaveLength(1);
      expect(log.lines.some((l) => l.msg === 'slack duplicate delivery ignored' && JSON.stringify(l.obj).includes('Ev1'))).toBe(true);
    }, { timeout: 5_000 });

    expect(requests.length).toBe(before + 1);
    expect(requests.at(-1)?.text).toBe('help');
    expect(said.pendingMocks().length).toBe(1);
  });

  it('runs a button\'s command when it is pressed and answers beside the card', async () => {
    const responded = new Promise<any>((resolve) => {
      nock('https://hooks.slack.com').post('/actions/T1/2/xyz', (b) => { resolve(b); return true; }).reply(200, 'ok');
    });
    const payload = interactionBody({
      type: 'block_actions', trigger_id: 'trig-button', team: { id: 'T1' }, user: { id: 'U1', name: 'ann', team_id: 'T1' },
      channel: { id: 'C1', name: 'general' }, response_url: 'https://hooks.slack.com/actions/T1/2/xyz',
      container: { type: 'message', channel_id: 'C1', message_ts: '1.1' },
      actions: [{ type: 'button', action_id: 'ignition_run:0', block_id: 'b', value: 'help', action_ts: '1.2' }],
    });

    const res = await post(payload);

    expect(res.statusCode).toBe(200);
    expect((await responded).blocks[0].text.text).toBe('Ignition commands');
    expect(requests.at(-1)?.text).toBe('help');
  });

  it('opens a form as a modal with the trigger id', async () => {
    const opened = new Promise<any>((resolve) => {
      nock('https://slack.test').post('/api/views.open', (b) => { resolve(b); return true; }).reply(200, { ok: true });
    });

    const res = await post(slashBody('client new', { trigger_id: 'trig-form' }));

    expect(res.statusCode).toBe(200);
    const call = await opened;
    expect(call.trigger_id).toBe('trig-form');
    const view = JSON.parse(call.view);
    expect(view).toMatchObject({ type: 'modal', callback_id: 'ignition_form' });
    expect(view.blocks.map((b: any) => b.block_id)).toEqual(['name', 'email']);
  });

  it('answers a modal submission with a bad value with inline errors and runs nothing else', async () => {
    const payload = interactionBody({
      type: 'view_submission', trigger_id: 'trig-submit', team: { id: 'T1' }, user: { id: 'U1', name: 'ann', team_id: 'T1' },
      view: {
        id: 'V1', type: 'modal', callback_id: 'ignition_form', hash: 'h',
        private_metadata: JSON.stringify({ s: 'client add', c: 'C1' }),
        state: { values: { name: { value: { type: 'plain_text_input', value: 'Acme Ltd' } }, email: { value: { type: 'email_text_input', value: 'nope' } } } },
      },
    });

    const res = await post(payload);

    expect(res.json()).toEqual({ response_action: 'errors', errors: { email: '"nope" is not an email address' } });
    expect(requests.at(-1)?.text).toBe('client add name="Acme Ltd" email=nope');
  });

  it('closes the modal on a good submission and posts the result privately in the channel', async () => {
    const posted = new Promise<any>((resolve) => {
      nock('https://slack.test').post('/api/chat.postEphemeral', (b) => { resolve(b); return true; }).reply(200, { ok: true });
    });
    const payload = interactionBody({
      type: 'view_submission', trigger_id: 'trig-submit-ok', team: { id: 'T1' }, user: { id: 'U1', name: 'ann', team_id: 'T1' },
      view: { id: 'V2', type: 'modal', callback_id: 'ignition_form', hash: 'h', private_metadata: JSON.stringify({ s: 'client add', c: 'C1' }),
        state: { values: { name: { value: { type: 'plain_text_input', value: 'Acme' } } } } },
    });

    const res = await post(payload);

    expect(res.body).toBe('');
    const call = await posted;
    expect(call).toMatchObject({ channel: 'C1', user: 'U1' });
  });

  it('turns to the next page of a list from the cached reply, without running the command again', async () => {
    const first = await post(slashBody('clients'));
    const next = first.json().blocks.flatMap((b: any) => b.elements ?? []).find((e: any) => e.action_id?.startsWith('ignition_page_next'));
    const replaced = new Promise<any>((resolve) => {
      nock('https://hooks.slack.com').post('/actions/T1/3/page', (b) => { resolve(b); return true; }).reply(200, 'ok');
    });
    const before = requests.length;

    await post(interactionBody({
      type: 'block_actions', trigger_id: 'trig-page', team: { id: 'T1' }, user: { id: 'U1', name: 'ann', team_id: 'T1' },
      channel: { id: 'C1' }, response_url: 'https://hooks.slack.com/actions/T1/3/page',
      actions: [{ type: 'button', action_id: next.action_id, block_id: 'b', value: next.value, action_ts: '3.1' }],
    }));

    const page = await replaced;
    expect(page.replace_original).toBe(true);
    expect(page.blocks.find((b: any) => b.type === 'section').text.text).toBe('*Client 15*');
    expect(requests.length).toBe(before);
  });

  it('offers to run the command again when the list is no longer cached', async () => {
    const said = new Promise<any>((resolve) => {
      nock('https://hooks.slack.com').post('/actions/T1/4/old', (b) => { resolve(b); return true; }).reply(200, 'ok');
    });

    await post(interactionBody({
      type: 'block_actions', trigger_id: 'trig-old', team: { id: 'T1' }, user: { id: 'U1', name: 'ann', team_id: 'T1' },
      channel: { id: 'C1' }, response_url: 'https://hooks.slack.com/actions/T1/4/old',
      actions: [{ type: 'button', action_id: 'ignition_page_next:9', block_id: 'b', value: JSON.stringify({ r: 'gone', k: 0, p: 1, o: 'clients' }), action_ts: '4.1' }],
    }));

    const card = await said;
    expect(card.blocks[0].text.text).toContain('That list has expired');
    expect(JSON.stringify(card)).toContain('"value":"clients"');
  });

  it('maps a failing button press once in app.error and tells the person, without details', async () => {
    const told = new Promise<any>((resolve) => {
      nock('https://hooks.slack.com').post('/actions/T1/5/err', (b) => { resolve(b); return true; }).reply(200, 'ok');
    });

    const res = await post(interactionBody({
      type: 'block_actions', trigger_id: 'trig-boom', team: { id: 'T1' }, user: { id: 'U1', name: 'ann', team_id: 'T1' },
      channel: { id: 'C1' }, response_url: 'https://hooks.slack.com/actions/T1/5/err',
      actions: [{ type: 'button', action_id: 'ignition_run:0', block_id: 'b', value: 'boom', action_ts: '5.1' }],
    }));

    expect(res.statusCode).toBe(200);
    const message = await told;
    expect(message.blocks[0].text.text).toContain('Something went wrong');
    expect(JSON.stringify(message)).not.toContain('provider exploded');
    expect(log.lines.filter((l) => l.msg === 'slack listener failed')).toHaveLength(1);
  });
});
