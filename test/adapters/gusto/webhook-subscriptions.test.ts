import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGustoWebhookSubscriptions } from '../../../adapters/gusto/webhook-subscriptions.js';

const base = 'https://api.gusto-demo.com';
const sub = { uuid: 'c5fdae57-5483-4529-9aae-f0edceed92d4', url: 'https://bot.example/webhooks/gusto', status: 'pending', subscription_types: ['Company', 'Employee'] };
const client = () => createGustoWebhookSubscriptions({ baseUrl: base, clientId: 'cid', clientSecret: 'csecret', sleep: async () => {}, now: () => new Date('2026-12-02T12:00:00Z') });
const systemToken = (scope: nock.Scope) => scope
  .post('/oauth/token', { client_id: 'cid', client_secret: 'csecret', grant_type: 'system_access' })
  .reply(200, { access_token: 'sys-1', token_type: 'Bearer', expires_in: 7200, created_at: 1767644464 });

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('Gusto webhook subscriptions', () => {
  it('gets one system access token and uses it for create, verify and list, with Gusto\'s paths and bodies', async () => {
    const scope = systemToken(nock(base))
      .post('/v1/webhook_subscriptions', { url: sub.url, subscription_types: ['Company', 'Employee'] }).matchHeader('authorization', 'Bearer sys-1').reply(201, sub)
      .put(`/v1/webhook_subscriptions/${sub.uuid}/verify`, { verification_token: 'vt-1' }).matchHeader('authorization', 'Bearer sys-1').reply(200, { ...sub, status: 'verified' })
      .get('/v1/webhook_subscriptions').matchHeader('x-gusto-api-version', /\d{4}-\d{2}-\d{2}/).reply(200, [{ ...sub, status: 'verified' }]);
    const c = client();

    const created = await c.create(sub.url, ['Company', 'Employee']);
    const verified = await c.verify(sub.uuid, 'vt-1');
    const listed = await c.list();

    expect(created).toEqual({ ok: true, value: { id: sub.uuid, url: sub.url, status: 'pending', types: ['Company', 'Employee'] } });
    expect(verified).toEqual({ ok: true, value: true });
    expect(listed).toMatchObject({ ok: true, value: [{ id: sub.uuid, status: 'verified' }] });
    scope.done();
  });

  it('reads Gusto\'s 422 and 404 on verify as "not confirmed", not as an outage', async () => {
    const scope = systemToken(nock(base))
      .put(`/v1/webhook_subscriptions/${sub.uuid}/verify`).reply(422, { errors: [{ error_key: 'verification_token', category: 'invalid_attribute_value', message: 'invalid' }] })
      .put('/v1/webhook_subscriptions/nope/verify').reply(404, { errors: [{ error_key: 'request', category: 'not_found' }] });
    const c = client();

    expect(await c.verify(sub.uuid, 'forged')).toEqual({ ok: true, value: false });
    expect(await c.verify('nope', 'forged')).toEqual({ ok: true, value: false });
    scope.done();
  });

  it('says the app\'s credentials were refused when Gusto will not grant a system token', async () => {
    const scope = nock(base).post('/oauth/token').reply(401, { error: 'invalid_client' });

    const listed = await client().list();

    expect(listed).toEqual({ ok: false, error: { kind: 'unavailable', detail: 'Gusto refused the app\'s credentials (invalid_client)' } });
    scope.done();
  });
});
