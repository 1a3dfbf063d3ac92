import { createServer, type AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createGustoWebhookSubscriptions } from '../../../adapters/gusto/webhook-subscriptions.js';
import { receiveGustoWebhook } from '../../../adapters/gusto/webhook.js';
import { createGustoWebhookSetup } from '../../../adapters/gusto/webhook-setup.js';
import { registerAppWebhookRoutes } from '../../../adapters/http/routes/app-webhooks.js';
import { registerOAuthRoutes } from '../../../adapters/http/routes/oauth.js';
import { approveGustoConsent, signGustoPayload } from '../../../adapters/sandbox/gusto.js';
import { asId, type PracticeId } from '../../../domain/shared/ids.js';
import { createWebhookEvents } from '../../../src/apps/webhooks.js';
import { gustoWorld, type GustoWorld } from '../../builders/gusto-world.js';
import { InMemoryWebhookReceipts } from '../../fakes/in-memory-apps.js';

let w: GustoWorld | undefined;
let app: FastifyInstance | undefined;
afterEach(async () => { await app?.close(); await w?.close(); w = undefined; app = undefined; });

/**
 * The webhook route on a loopback listener (Gusto's handshake comes to it), with the webhook use
 * cases talking to the sandbox's subscription API. `secret` stands for GUSTO_WEBHOOK_SECRET.
 */
const webhookApp = async (o: { secret?: string } = {}) => {
  w = await gustoWorld({ count: 2 });
  await w.connect(w.sandbox.companies()[0]!.uuid);
  const scheduled: [PracticeId, string][] = [];
  app = Fastify();
  const port = await new Promise<number>((resolve) => { const probe = createServer().listen(0, '127.0.0.1', () => { const a = probe.address() as AddressInfo; probe.close(() => resolve(a.port)); }); });
  const webhookUrl = `http://127.0.0.1:${port}/webhooks/gusto`;
  const hooks = createGustoWebhookSetup({
    flags: w.stores.flags, secrets: { seal: (t) => `sealed:${t}`, open: (t) => t.replace(/^sealed:/, '') },
    subscriptions: o.secret ? null : createGustoWebhookSubscriptions({ baseUrl: w.sandbox.url, clientId: 'sandbox', clientSecret: 'sandbox', sleep: async () => {} }),
    webhookUrl,
  });
  const onEvent = createWebhookEvents({ id: 'gusto' }, {
    practices: w.stores.practices, connections: w.stores.connections, receipts: new InMemoryWebhookReceipts(), clock: { now: () => new Date() },
    scheduleAccountSync: async (p, c) => { scheduled.push([p, c]); },
  });
  const receive = receiveGustoWebhook({ secret: async () => o.secret ?? (await hooks.verificationToken()), onHandshake: (t, id) => hooks.handshake(t, id) });
  await app.register(async (scope) => registerAppWebhookRoutes(scope, new Map([['gusto', (raw, headers) => receive(raw, headers, async (e) => void (await onEvent(e)))]])));
  await app.listen({ host: '127.0.0.1', port });
  const post = (payload: string, signature?: string) => app!.inject({
    method: 'POST', url: '/webhooks/gusto', payload, headers: { 'content-type': 'application/json', ...(signature ? { 'x-gusto-signature': signature } : {}) },
  });
  return { scheduled, hooks, post, webhookUrl, sandbox: w.sandbox, company: w.sandbox.companies()[0]!.uuid };
};

const delivery = (company: string, uuid = 'ev-1', type = 'employee.created') =>
  JSON.stringify({ uuid, event_type: type, resource_type: 'Company', resource_uuid: company, entity_type: 'Employee', entity_uuid: 'e-1', timestamp: 1763800000 });

describe('POST /webhooks/gusto', () => {
  it('accepts a correctly signed employee event and queues a sync of that company', async () => {
    const { post, scheduled, company } = await webhookApp({ secret: 'vt-secret' });
    const body = delivery(company);

    const res = await post(body, signGustoPayload(body, 'vt-secret'));

    expect(res.statusCode).toBe(200);
    expect(scheduled).toEqual([[asId('pr-1'), company]]);
  });

  it('rejects a forged signature with 401 and does nothing', async () => {
    const { post, scheduled, company } = await webhookApp({ secret: 'vt-secret' });
    const body = delivery(company);

    const res = await post(body, signGustoPayload(body, 'guess'));

    expect(res.statusCode).toBe(401);
    expect(scheduled).toEqual([]);
  });

  it('answers a replayed delivery with 200 but queues nothing more', async () => {
    const { post, scheduled, company } = await webhookApp({ secret: 'vt-secret' });
    const body = delivery(company);

    const statuses = [(await post(body, signGustoPayload(body, 'vt-secret'))).statusCode, (await post(body, signGustoPayload(body, 'vt-secret'))).statusCode];

    expect(statuses).toEqual([200, 200]);
    expect(scheduled).toHaveLength(1);
  });

  it('ignores events for companies nobody connected', async () => {
    const { post, scheduled } = await webhookApp({ secret: 'vt-secret' });
    const body = delivery('someone-else');

    await post(body, signGustoPayload(body, 'vt-secret'));

    expect(scheduled).toEqual([]);
  });

  it('refuses a forged unsigned handshake: no key is stored, and events signed with the forged token are rejected', async () => {
    const { post, hooks, scheduled, company } = await webhookApp();
    const body = delivery(company);

    const handshake = await post(JSON.stringify({ verification_token: 'anything' }));
    const named = await post(JSON.stringify({ verification_token: 'anything', webhook_subscription_uuid: 'not-a-subscription' }));
    const event = await post(body, signGustoPayload(body, 'anything'));

    expect([handshake.statusCode, named.statusCode, event.statusCode]).toEqual([401, 401, 401]);
    expect(await hooks.verificationToken()).toBeUndefined();
    expect(await w!.stores.flags.get('_install' as never, 'gusto.webhook.verification-token')).toBeNull();
    expect(scheduled).toEqual([]);
  });

  it('subscribes, keeps the token Gusto confirms from its handshake, then acts on events Gusto signs with it', async () => {
    const { hooks, sandbox, scheduled, webhookUrl, company } = await webhookApp();

    const setup = await hooks.ensureSubscription();
    await sandbox.settled();
    const [subscription] = sandbox.subscriptions();
    const deliveries = await sandbox.emit({ event_type: 'employee.created', resource_uuid: company, entity_type: 'Employee' });

    expect(setup).toMatchObject({ ok: true, value: { state: 'awaiting-handshake', subscriptionId: subscription!.uuid } });
    expect(subscription).toMatchObject({ url: webhookUrl, status: 'verified', subscription_types: ['Company', 'Employee', 'Location', 'Contractor'] });
    expect(await hooks.verificationToken()).toBe(subscription!.verification_token);
    expect(deliveries).toEqual([200]);
    expect(scheduled).toEqual([[asId('pr-1'), company]]);
  });

  it('will not let a forged handshake for the real subscription replace the verified key, and does not subscribe twice', async () => {
    const { hooks, sandbox, post } = await webhookApp();
    await hooks.ensureSubscription();
    await sandbox.settled();
    const [subscription] = sandbox.subscriptions();

    const forged = await post(JSON.stringify({ verification_token: 'attacker', webhook_subscription_uuid: subscription!.uuid }));
    const again = await hooks.ensureSubscription();

    expect(forged.statusCode).toBe(401);
    expect(await hooks.verificationToken()).toBe(subscription!.verification_token);
    expect(again).toEqual({ ok: true, value: { state: 'verified', subscriptionId: subscription!.uuid } });
    expect(sandbox.subscriptions()).toHaveLength(1);
  });

  it('leaves the handshake alone when GUSTO_WEBHOOK_SECRET is set by hand', async () => {
    const { post, hooks } = await webhookApp({ secret: 'vt-secret' });

    const res = await post(JSON.stringify({ verification_token: 'anything' }));

    expect(res.statusCode).toBe(200);
    expect(await hooks.verificationToken()).toBeUndefined();
    expect(await hooks.ensureSubscription()).toEqual({ ok: true, value: { state: 'managed-by-hand' } });
  });
});

describe('GET /oauth/gusto/callback', () => {
  it('connects and shows a friendly page naming the company', async () => {
    w = await gustoWorld({ count: 1 });
    const app = Fastify();
    registerOAuthRoutes(app, new Map([['gusto', { name: 'Gusto', handleCallback: w.uc.connect.handleCallback }]]));
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
    registerOAuthRoutes(app, new Map([['gusto', { name: 'Gusto', handleCallback: w.uc.connect.handleCallback }]]));

    const res = await app.inject({ method: 'GET', url: '/oauth/gusto/callback?code=x&state=nope' });

    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Gusto was not connected');
    expect(res.body).toContain('/ignition connect gusto');
  });

  it('refuses a repeated state or code with a 400 page naming it, and connects nothing', async () => {
    w = await gustoWorld({ count: 1 });
    const app = Fastify();
    registerOAuthRoutes(app, new Map([['gusto', { name: 'Gusto', handleCallback: w.uc.connect.handleCallback }]]));

    const state = await app.inject({ method: 'GET', url: '/oauth/gusto/callback?code=x&state=a&state=b' });
    const code = await app.inject({ method: 'GET', url: '/oauth/gusto/callback?code=x&code=y&state=a' });

    expect([state.statusCode, code.statusCode]).toEqual([400, 400]);
    expect(state.body).toContain('<code>state</code> more than once');
    expect(code.body).toContain('<code>code</code> more than once');
    expect(await w.stores.connections.list(w.practice.id)).toEqual([]);
  });

  it('tells a person when the failure is the bot\'s own app set-up, which trying again will not fix', async () => {
    w = await gustoWorld({ count: 1 });
    const app = Fastify();
    const misconfigured = async () => ({ ok: false as const, error: { kind: 'misconfigured' as const, reason: 'Gusto does not accept this bot\'s app credentials (invalid_client)' } });
    registerOAuthRoutes(app, new Map([['gusto', { name: 'Gusto', handleCallback: misconfigured }]]));

    const res = await app.inject({ method: 'GET', url: '/oauth/gusto/callback?code=x&state=s' });

    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('invalid_client');
    expect(res.body).toContain('not your account');
    expect(res.body).not.toContain('Try again in a minute');
  });
});
