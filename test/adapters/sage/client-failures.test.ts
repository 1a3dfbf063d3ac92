import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SageClientOptions } from '../../../adapters/sage/client.js';
import { isSageSubscriptionLapsed } from '../../../adapters/sage/errors.js';
import { businessId as business, sageFixture as fixture, sageHost as host, sageTestClient } from './support.js';

const emptyPage = { $total: 0, $page: 1, $next: null, $back: null, $itemsPerPage: 200, $items: [] };

const client = (extra: Partial<SageClientOptions> = {}) => sageTestClient(extra).client;

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('Sage client: failures', () => {
  it('says a lapsed subscription must be renewed in Sage, not that Sage must be reconnected', async () => {
    const forced: boolean[] = [];
    const token = async (o?: { force?: boolean }) => { forced.push(o?.force ?? false); return 'tok-1'; };
    // provider-http asks for a fresh token once after any 401; the second answer is the same.
    const scope = nock(host).get('/v3.1/tax_rates').query(true).twice().reply(401, fixture('error-401-subscription.json'));

    const failure = await client({ token }).taxRates(business).catch((e: unknown) => e);

    expect(failure).toMatchObject({ kind: 'rejected', status: 401, reason: expect.stringContaining('no active subscription') });
    expect((failure as Error).message).toContain('must renew it in Sage');
    expect(isSageSubscriptionLapsed(failure)).toBe(true);
    expect(forced).toEqual([false, true]);
    scope.done();
  });

  it('asks for a reconnect on any other 401 that a fresh token does not cure', async () => {
    nock(host).get('/v3.1/tax_rates').query(true).twice().reply(401, [{ $severity: 'error', $dataCode: 'AuthorizationFailure', $message: 'Invalid token', $source: '' }]);

    const failure = await client().taxRates(business).catch((e: unknown) => e);

    expect(failure).toMatchObject({ kind: 'reconnect-needed', status: 401 });
    expect(isSageSubscriptionLapsed(failure)).toBe(false);
  });

  it('waits as long as Retry-After says on a 429, then carries on', async () => {
    const { client: sage, waits } = sageTestClient();
    const scope = nock(host)
      .get('/v3.1/tax_rates').query(true).reply(429, '', { 'retry-after': '12' })
      .get('/v3.1/tax_rates').query(true).reply(200, fixture('tax-rates.json'));

    const rates = await sage.taxRates(business);

    expect(rates).toHaveLength(5);
    expect(waits).toEqual([12_000]);
    scope.done();
  });

  it('waits out a 429 on a new invoice too, since Sage refused it unread', async () => {
    const scope = nock(host)
      .post('/v3.1/sales_invoices').reply(429, '', { 'retry-after': '1' })
      .post('/v3.1/sales_invoices').reply(201, fixture('sales-invoice.json'));

    const created = await client().createInvoice(business, {
      contactId: 'c1', date: '2026-11-22', dueDate: '2026-12-22', reference: 'R1',
      lines: [{ description: 'Fees', ledgerAccountId: 'la', quantity: 1, unitPrice: 100, taxRateId: 'GB_STANDARD', taxAmount: 20, netAmount: 100 }],
    });

    expect(created.invoiceNumber).toBe('SI-42');
    scope.done();
  });

  it('reports Sage being down once its retries are spent, and a missing invoice as not found', async () => {
    nock(host)
      .get('/v3.1/tax_rates').query(true).times(3).reply(503, 'Service Unavailable')
      .get('/v3.1/sales_invoices/gone').query(true).reply(404, [{ $severity: 'error', $dataCode: 'RecordNotFound', $message: 'Resource not found', $source: '' }]);

    const down = await client({ retries: 2 }).taxRates(business).catch((e: unknown) => e);
    const missing = await client().invoice(business, 'gone').catch((e: unknown) => e);

    expect(down).toMatchObject({ kind: 'app-down', status: 503 });
    expect(missing).toMatchObject({ kind: 'not-found', status: 404 });
  });

  it('paces calls per business: one busy business does not hold up another', async () => {
    const { client: sage, waits } = sageTestClient({ limits: { ratePerMinute: 2 } });
    nock(host).get('/v3.1/tax_rates').query(true).times(3).reply(200, emptyPage);

    await sage.taxRates('busy');
    await sage.taxRates('quiet');
    await sage.taxRates('busy');
    const beforeThird = [...waits];
    nock(host).get('/v3.1/tax_rates').query(true).reply(200, emptyPage);
    await sage.taxRates('busy');

    expect(beforeThird).toEqual([]);
    expect(waits).toEqual([60_000]);
  });
});
