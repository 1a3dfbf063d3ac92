import { readFileSync } from 'node:fs';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createProviderHttp, createXmlCodec, type ProviderHttpOptions } from '../../../adapters/provider-http.js';

const xpmBase = 'https://api.xero.com/practicemanager/3.1';
const xpmFixture = (name: string) => readFileSync(new URL(`../../fixtures/xpm/${name}`, import.meta.url), 'utf8');
const xml = { 'content-type': 'text/xml; charset=utf-8' };

const xpm = (extra: Partial<ProviderHttpOptions> = {}) => createProviderHttp({
  app: 'xpm', baseUrl: xpmBase, token: async () => 'xpm-access-token-1', headers: { 'xero-tenant-id': 'tenant-1' },
  codec: createXmlCodec({ isArray: ['Response.Clients.Client'] }), sleep: async () => {}, ...extra,
});

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('provider HTTP speaking XML to XPM', () => {
  it('sends the tenant and bearer headers, asks for XML and reads the client list', async () => {
    const scope = nock(xpmBase, { reqheaders: { authorization: 'Bearer xpm-access-token-1', 'xero-tenant-id': 'tenant-1', accept: /xml/ } })
      .get('/client.api/list').query({ detailed: 'true' }).reply(200, xpmFixture('client-list.xml'), xml);

    const res = await xpm().get<{ Response: { Clients: { Client: { PostCode?: string }[] } } }>('/client.api/list', { query: { detailed: true } });

    expect(res.body.Response.Clients.Client.map((c) => c.PostCode)).toEqual(['LS1 4AB', '02134']);
    scope.done();
  });

  it('posts an XML body and raises XPM\'s 200 ERROR envelope as a refusal with its reason, sent once', async () => {
    const scope = nock(xpmBase, { reqheaders: { 'content-type': 'application/xml' } })
      .post('/client.api/add', '<Client><Name>Smith &amp; Sons Ltd</Name></Client>').once()
      .reply(200, xpmFixture('error-envelope.xml'), xml);

    const failure = await xpm().post('/client.api/add', { Client: { Name: 'Smith & Sons Ltd' } }).catch((e: unknown) => e);

    expect(failure).toMatchObject({
      app: 'xpm', kind: 'rejected', reason: 'A client named \'Smith & Sons Ltd\' already exists',
      detail: { status: 200, method: 'POST', path: '/client.api/add', body: { Response: { Status: 'ERROR' } } },
    });
    scope.done();
  });

  it('checks a body against a schema and reports a mismatch as an unreadable answer', async () => {
    nock(xpmBase).get('/client.api/get/x').reply(200, '<Response><Status>OK</Status></Response>', xml);

    const failure = await xpm().get('/client.api/get/x', { schema: z.object({ Response: z.object({ Client: z.object({ UUID: z.string() }) }) }) }).catch((e: unknown) => e);

    expect(failure).toMatchObject({ kind: 'invalid-response', detail: { status: 200 } });
  });

  it('reports a truncated XML answer as unreadable, not as a short list', async () => {
    nock(xpmBase).get('/client.api/list').reply(200, xpmFixture('client-list.xml').slice(0, 300), xml);

    await expect(xpm().get('/client.api/list')).rejects.toMatchObject({ kind: 'invalid-response' });
  });

  it('refreshes the token once on the gateway\'s JSON 401, then says the connection needs reconnecting', async () => {
    const forced: boolean[] = [];
    const gateway401 = { Type: null, Title: 'Unauthorized', Status: 401, Detail: 'AuthenticationUnsuccessful', Instance: 'a1b2' };
    const scope = nock(xpmBase).get('/client.api/list').twice().reply(401, gateway401, { 'content-type': 'application/json' });

    const failure = await xpm({ token: async (o) => { forced.push(!!o?.force); return 'xpm-access-token-1'; } }).get('/client.api/list').catch((e: unknown) => e);

    expect(forced).toEqual([false, true]);
    expect(failure).toMatchObject({ kind: 'reconnect-needed', reason: 'Unauthorized: AuthenticationUnsuccessful', detail: { status: 401, body: gateway401 } });
    scope.done();
  });

  it('treats the gateway\'s JSON 403 (a scope or partner access we lack) as our misconfiguration, not a reconnect', async () => {
    nock(xpmBase).get('/job.api/list').reply(403, { Title: 'Forbidden', Status: 403, Detail: 'AuthorizationUnsuccessful' }, { 'content-type': 'application/json' });

    const failure = await xpm().get('/job.api/list').catch((e: unknown) => e);

    expect(failure).toMatchObject({ kind: 'app-misconfigured', reason: 'Forbidden: AuthorizationUnsuccessful', detail: { status: 403 } });
  });

  it('reads the reason out of an XML 500 and retries it only for an idempotent request', async () => {
    const exception = '<Response><Status>ERROR</Status><ErrorDescription>Object reference not set</ErrorDescription></Response>';
    const scope = nock(xpmBase).get('/client.api/list').reply(500, exception, xml).get('/client.api/list').reply(200, xpmFixture('client-list.xml'), xml)
      .put('/client.api/update').once().reply(500, exception, xml);

    await xpm().get('/client.api/list');
    const failure = await xpm().put('/client.api/update', { Client: { UUID: 'u' } }).catch((e: unknown) => e);

    expect(failure).toMatchObject({ kind: 'app-down', reason: 'Object reference not set', detail: { status: 500 } });
    scope.done();
  });
});

describe('provider HTTP retries', () => {
  it('waits out a 429 with an empty body for exactly the seconds Retry-After gives, even on a write', async () => {
    const waits: number[] = [];
    const scope = nock(xpmBase)
      .post('/job.api/add').reply(429, '', { 'retry-after': '2', 'x-rate-limit-problem': 'minute' })
      .post('/job.api/add').reply(200, '<Response><Status>OK</Status></Response>', xml);

    await xpm({ sleep: async (ms) => { waits.push(ms); } }).post('/job.api/add', { Job: { Name: 'Year end' } });

    expect(waits).toEqual([2000]);
    scope.done();
  });

  it('reads Retry-After as an HTTP date on a 503', async () => {
    const waits: number[] = [];
    const now = Date.parse('2026-12-03T10:00:00Z');
    const scope = nock(xpmBase)
      .get('/client.api/list').reply(503, '', { 'retry-after': 'Thu, 03 Dec 2026 10:00:03 GMT' })
      .get('/client.api/list').reply(200, xpmFixture('client-list.xml'), xml);

    await xpm({ now: () => now, sleep: async (ms) => { waits.push(ms); } }).get('/client.api/list');

    expect(waits).toEqual([3000]);
    scope.done();
  });

  it('hands a day-long Retry-After to the caller instead of sitting it out', async () => {
    const waits: number[] = [];
    nock(xpmBase).get('/client.api/list').reply(429, '', { 'retry-after': '43200', 'x-rate-limit-problem': 'day' });

    const failure = await xpm({ sleep: async (ms) => { waits.push(ms); } }).get('/client.api/list').catch((e: unknown) => e);

    expect(failure).toMatchObject({ kind: 'rate-limited', detail: { retryAfterMs: 43_200_000, body: null } });
    expect(waits).toEqual([]);
  });

  it('retries a network failure on a GET but never resends a write that was not marked idempotent', async () => {
    const scope = nock(xpmBase)
      .get('/client.api/list').replyWithError({ code: 'ECONNRESET' })
      .get('/client.api/list').reply(200, xpmFixture('client-list.xml'), xml)
      .post('/client.api/add').once().replyWithError({ code: 'ECONNRESET' })
      .put('/client.api/update').replyWithError({ code: 'ECONNRESET' })
      .put('/client.api/update').reply(200, '<Response><Status>OK</Status></Response>', xml);

    const writes: string[] = [];

    await xpm().get('/client.api/list');
    const write = await xpm({ onCall: (c) => writes.push(`${c.method} ${c.status}`) }).post('/client.api/add', { Client: { Name: 'A' } }).catch((e: unknown) => e);
    await xpm().put('/client.api/update', { Client: { UUID: 'u' } }, { idempotent: true });

    expect(write).toMatchObject({ kind: 'app-down', detail: { cause: 'network' } });
    expect(writes).toEqual(['POST network']);
    scope.done();
  });

  it('gives up on an app that does not answer in time with app-down (timeout)', async () => {
    nock(xpmBase).get('/client.api/list').times(2).delay(200).reply(200, '<Response><Status>OK</Status></Response>', xml);

    const failure = await xpm({ timeoutMs: 30, retries: 1 }).get('/client.api/list').catch((e: unknown) => e);

    expect(failure).toMatchObject({ kind: 'app-down', detail: { cause: 'timeout' } });
  });
});

describe('per-tenant concurrency cap', () => {
  it('never has more than the cap in flight, and finishes every call', async () => {
    let inFlight = 0;
    let most = 0;
    nock(xpmBase).get('/client.api/list').times(12).delay(40).reply(() => {
      most = Math.max(most, ++inFlight);
      return [200, '<Response><Status>OK</Status></Response>', xml];
    });
    const http = xpm({ limits: { concurrency: 5, ratePerMinute: 60 }, onCall: () => { inFlight--; } });

    const answers = await Promise.all(Array.from({ length: 12 }, () => http.get('/client.api/list')));

    expect(answers).toHaveLength(12);
    expect(most).toBe(5);
  });
});
