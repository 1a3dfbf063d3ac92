import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { registerGustoWebhookRoutes } from '../../../adapters/http/routes/gusto-webhooks.js';
import { registerOAuthRoutes } from '../../../adapters/http/routes/oauth.js';
import { approveGustoConsent, signGustoPayload } from '../../../adapters/sandbox/gusto.js';
import { asId, type PracticeId } from '../../../domain/shared/ids.js';
import { createGustoWebhooks } from '../../../src/gusto/webhooks.js';
import { gustoWorld, type GustoWorld } from '../../builders/gusto-world.js';
import { InMemoryWebhookReceipts } from '../../fakes/in-memory-gusto.js';

let w: GustoWorld | undefined;
afterEach(async () => { await w?.close(); w = undefined; });

const webhookApp = async (secret = 'vt-secret') => {
  w = await gustoWorld({ count: 2 });
  await w.connect(w.sandbox.companies()[0]!.uuid);
  const scheduled: [PracticeId, string][] = [];
  const hooks = createGustoWebhooks({
    practices: w.stores.practices, connections: w.stores.connections, receipts: new InMemoryWebhookReceipts(), flags: w.stores.flags,
    clock: { now: () => new Date() }, secrets: { seal: (t) => `sealed:${t}`, open: (t) => t.replace(/^sealed:/, '') }, scheduleCompanySync: async (p, c) => { scheduled.push([p, c]); },
  });
  const app = Fastify();
  await app.register(async (scope) => registerGustoWebhookRoutes(scope, {
    secret: async () => secret, onVerificationToken: async (t) => { await hooks.saveVerificationToken(t); }, onEvent: async (e) => { await hooks.handle(e); },
  }));
  return { app, scheduled, hooks, company: w.sandbox.companies()[0]!.uuid };
};

const delivery = (company: string, uuid = 'ev-1', type = 'employee.created') =>
  JSON.stringify({ uuid, event_type: type, resource_type: 'Company', resource_uuid: company, entity_type: 'Employee', entity_uuid: 'e-1', timestamp: 1763800000 });

describe('POST /webhooks/gusto', () => {
  it('accepts a correctly signed employee event and queues a sync of that company', async () => {
    const { app, scheduled, company } = await webhookApp();
    const body = delivery(company);

    const res = await app.inject({ method: 'POST', url: '/webhooks/gusto', headers: { 'content-type': 'application/json', 'x-gusto-signature': signGustoPayload(body, 'vt-secret') }, payload: body });

    expect(res.statusCode).toBe(200);
    expect(scheduled).toEqual([[asId('pr-1'), company]]);
  });

  it('rejects a forged signature with 401 and does nothing', async () => {
    const { app, scheduled, company } = await webhookApp();
    const body = delivery(company);

    const res = await app.inject({ method: 'POST', url: '/webhooks/gusto', headers: { 'content-type': 'application/json', 'x-gusto-signature': signGustoPayload(body, 'guess') }, payload: body });

    expect(res.statusCode).toBe(401);
    expect(scheduled).toEqual([]);
  });

  it('answers a replayed delivery with 200 but queues nothing more', async () => {
    const { app, scheduled, company } = await webhookApp();
    const body = delivery(company);
    const send = () => app.inject({ method: 'POST', url: '/webhooks/gusto', headers: { 'content-type': 'application/json', 'x-gusto-signature': signGustoPayload(body, 'vt-secret') }, payload: body });

    const statuses = [(await send()).statusCode, (await send()).statusCode];

    expect(statuses).toEqual([200, 200]);
    expect(scheduled).toHaveLength(1);
  });

  it('ignores events for companies nobody connected', async () => {
    const { app, scheduled } = await webhookApp();
    const body = delivery('someone-else');

    await app.inject({ method: 'POST', url: '/webhooks/gusto', headers: { 'content-type': 'application/json', 'x-gusto-signature': signGustoPayload(body, 'vt-secret') }, payload: body });

    expect(scheduled).toEqual([]);
  });

  it('keeps the first verification token from the handshake and will not let a later one replace it', async () => {
    const { app, hooks } = await webhookApp();
    const handshake = (t: string) => app.inject({ method: 'POST', url: '/webhooks/gusto', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ verification_token: t }) });

    const res = await handshake('first');
    await handshake('second');

    expect(res.statusCode).toBe(200);
    expect(await hooks.verificationToken()).toBe('first');
    expect(await w!.stores.flags.get('_install' as never, 'gusto.webhook.verification-token')).toBe('sealed:first');
  });
});

describe('GET /oauth/gusto/callback', () => {
  it('connects and shows a friendly page naming the company', async () => {
    w = await gustoWorld({ count: 1 });
    const app = Fastify();
    registerOAuthRoutes(app, { gusto: w.uc.connect });
    const url = (await w.uc.connect.connectCard(w.practice, w.admin)).buttons!.find((b) => b.url)!.url!;
    const back = new URL((await approveGustoConsent(url)).headers.get('location')!);

    const res = await app.inject({ method: 'GET', url: `/oauth/gusto/callback${back.search}` });

    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain(`Connected: ${w.sandbox.companies()[0]!.trade_name ?? w.sandbox.companies()[0]!.name}`);
  });

  it('explains a bad or reused link with a 400 page, not a stack trace', async () => {
    w = await gustoWorld({ count: 1 });
    const app = Fastify();
    registerOAuthRoutes(app, { gusto: w.uc.connect });

    const res = await app.inject({ method: 'GET', url: '/oauth/gusto/callback?code=x&state=nope' });

    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Gusto was not connected');
    expect(res.body).toContain('/ignition connect gusto');
  });
});
