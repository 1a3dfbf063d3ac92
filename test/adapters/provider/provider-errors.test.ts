import { readFileSync } from 'node:fs';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createProviderHttp, type ProviderError } from '../../../adapters/provider-http.js';

const sageBase = 'https://api.accounting.sage.com/v3.1';
const gustoBase = 'https://api.gusto-demo.com';
const sageFixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/sage/${name}`, import.meta.url), 'utf8'));
const json = { 'content-type': 'application/json' };
const token = 'access-token-that-must-never-leak-0123456789';

const sage = () => createProviderHttp({ app: 'sage', baseUrl: sageBase, token: async () => token, headers: { 'x-business': 'b1' }, sleep: async () => {} });
const gusto = () => createProviderHttp({ app: 'gusto', baseUrl: gustoBase, token: async () => token, secrets: ['gusto-client-secret-xyz'], sleep: async () => {} });
const failureOf = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as ProviderError);

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('one error taxonomy across apps', () => {
  it('turns Sage\'s error array into a refusal with one message per field', async () => {
    nock(sageBase).post('/sales_invoices').reply(422, sageFixture('error-422.json') as object, json);

    const failure = await failureOf(sage().post('/sales_invoices', { sales_invoice: {} }));

    expect(failure).toMatchObject({
      app: 'sage', kind: 'rejected', status: 422,
      reason: 'contact: can\'t be blank; invoice_lines.0.unit_price: must be greater than or equal to 0',
      detail: { fields: [{ field: 'contact', message: 'can\'t be blank' }, { field: 'invoice_lines.0.unit_price', message: 'must be greater than or equal to 0' }] },
    });
  });

  it('says why Sage refused a lapsed subscription, in Sage\'s words', async () => {
    nock(sageBase).get('/contacts').twice().reply(401, sageFixture('error-401-subscription.json') as object, json);

    const failure = await failureOf(sage().get('/contacts'));

    expect(failure).toMatchObject({ kind: 'reconnect-needed', reason: 'No active subscription. (MSE)' });
  });

  it('flattens Gusto\'s nested 422 errors into field paths', async () => {
    nock(gustoBase).put('/v1/employees/e1').reply(422, { errors: [{
      error_key: 'work_addresses', category: 'nested_errors', metadata: { work_address_uuid: 'w1' },
      errors: [{ error_key: 'effective_date', category: 'invalid_attribute_value', message: 'Effective date must be after the hire date' }],
    }] }, json);

    const failure = await failureOf(gusto().put('/v1/employees/e1', { version: 'v1' }));

    expect(failure).toMatchObject({ kind: 'rejected', detail: { fields: [{ field: 'work_addresses.effective_date', message: 'Effective date must be after the hire date' }] } });
  });

  it('sorts Gusto\'s 404, 406 and token-endpoint answers by who can fix them', async () => {
    nock(gustoBase)
      .get('/v1/companies/gone').reply(404, { errors: [{ error_key: 'company', category: 'not_found', message: 'Company not found' }] }, json)
      .get('/v1/token_info').reply(406, { errors: [{ error_key: 'X-Gusto-API-Version', category: 'invalid_attribute_value', message: 'Version 2024-04-01 is no longer supported' }] }, json)
      .post('/oauth/token').reply(400, { error: 'invalid_grant', error_description: 'The provided authorization grant is invalid' }, json)
      .post('/oauth/token').reply(401, { error: 'invalid_client', error_description: 'Client authentication failed' }, json);

    const kinds = [
      await failureOf(gusto().get('/v1/companies/gone')),
      await failureOf(gusto().get('/v1/token_info')),
      await failureOf(gusto().post('/oauth/token', { grant_type: 'refresh_token' })),
      await failureOf(gusto().post('/oauth/token', { grant_type: 'refresh_token' })),
    ].map((e) => [e.kind, e.reason]);

    expect(kinds).toEqual([
      ['not-found', 'company: Company not found'],
      ['app-misconfigured', 'X-Gusto-API-Version: Version 2024-04-01 is no longer supported'],
      ['reconnect-needed', 'The provided authorization grant is invalid'],
      ['app-misconfigured', 'Client authentication failed'],
    ]);
  });

  it('keeps a long error body whole, with the token, secrets and token fields taken out', async () => {
    const filler = 'The upstream proxy could not complete the request. '.repeat(400);
    const page = `<html><body><pre>${filler}\nAuthorization: Bearer ${token}\nclient_secret=gusto-client-secret-xyz&refresh_token=r-123\n${filler}</pre></body></html>`;
    nock(gustoBase).get('/v1/companies/c1').times(4).reply(502, page, { 'content-type': 'text/html' })
      .post('/v1/webhook_subscriptions').reply(400, { message: 'bad', echo: { access_token: token, refresh_token: 'r-456' } }, json);

    const long = await failureOf(gusto().get('/v1/companies/c1'));
    const echoed = await failureOf(gusto().post('/v1/webhook_subscriptions', { url: 'https://x' }));

    const body = long.detail.body as string;
    expect(long).toMatchObject({ kind: 'app-down', status: 502 });
    expect(body.length).toBeGreaterThan(page.length - 200);
    expect(body.endsWith(`${filler}</pre></body></html>`)).toBe(true);
    expect(JSON.stringify([long, long.message, echoed, echoed.message])).not.toMatch(new RegExp(`${token}|gusto-client-secret-xyz|r-123|r-456`));
    expect(echoed.detail.body).toEqual({ message: 'bad', echo: { access_token: '[redacted]', refresh_token: '[redacted]' } });
  });

  it('marks only what may pass on its own as transient', async () => {
    nock(gustoBase).get('/a').reply(429, '', { 'retry-after': '999' }).get('/b').reply(403, {}, json);

    const [limited, forbidden] = [await failureOf(gusto().get('/a')), await failureOf(gusto().get('/b'))];

    expect([limited.transient, forbidden.transient]).toEqual([true, false]);
  });
});
