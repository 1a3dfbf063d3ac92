/**
 * Sage Business Cloud Accounting v3.1 client: one per connection (a Sage user's token), naming the
 * business on every call with X-Business (optional to Sage, which would otherwise use the user's
 * lead business, and that can change). All HTTP goes through provider-http; payloads are checked
 * by schemas.ts and translated by mapping.ts, so raw Sage shapes never leave this folder.
 */
import type { z } from 'zod';
import { createProviderHttp, ProviderError, type ProviderHttpOptions, type Query, type TokenSource } from '../provider-http.js';
import { createTenantLimiters, type TenantLimiter, type TenantLimits } from '../rate-limiter.js';
import { sageFailure } from './errors.js';
import {
  contactBody, invoiceBody, toSageBusiness, toSageContact, toSageInvoice, toSageLedgerAccount, toSageTaxRate,
  type SageBusiness, type SageContact, type SageContactInput, type SageInvoice, type SageInvoiceInput, type SageLedgerAccount, type SageTaxRate,
} from './mapping.js';
import {
  SageBusinessRecord, SageContactRecord, SageInvoiceRecord, SageLedgerAccountRecord, sagePage, SageTaxRateRecord,
} from './schemas.js';

export type {
  SageAddressInput, SageBusiness, SageContact, SageContactInput, SageInvoice, SageInvoiceInput, SageInvoiceLineInput, SageLedgerAccount, SageTaxRate,
} from './mapping.js';

/** Sage's largest page (its default is 20). */
export const sagePageSize = 200;

/**
 * Sage has published no limits for v3.1 (v3.0 allowed 200 calls a minute per business; a
 * third-party guide's 100 a minute is for another Sage API). We keep to 100 a minute per business
 * and back off on 429 as Retry-After says.
 */
export const sageLimits: TenantLimits = { ratePerMinute: 100 };

export type SageApi = {
  /** Every business this user can reach (GET /businesses, every page). */
  businesses(): Promise<SageBusiness[]>;
  business(businessId: string): Promise<SageBusiness>;
  /** Ledger accounts offered on sales (visible_in=sales). */
  salesLedgerAccounts(businessId: string): Promise<SageLedgerAccount[]>;
  taxRates(businessId: string): Promise<SageTaxRate[]>;
  /** Live customers only; `updatedSince` (Sage's `updated_or_created_since`) is inclusive. */
  contacts(businessId: string, q?: { search?: string; email?: string; updatedSince?: Date }): Promise<SageContact[]>;
  /** Customers deleted after `since` (Sage's `deleted_since`, exclusive): their ids and when. */
  deletedContacts(businessId: string, since: Date): Promise<SageDeletedContact[]>;
  createContact(businessId: string, input: SageContactInput): Promise<SageContact>;
  /**
   * The invoice whose reference is exactly `reference`, or null. Sage has no idempotency key, so the
   * outbox asks this before creating again; Sage's search also matches near references and contact names.
   */
  findInvoiceByReference(businessId: string, reference: string): Promise<SageInvoice | null>;
  createInvoice(businessId: string, input: SageInvoiceInput): Promise<SageInvoice>;
  /** Read with mark_as_sent=false: a plain GET would mark the invoice as sent. */
  invoice(businessId: string, id: string): Promise<SageInvoice>;
};

export type SageDeletedContact = { id: string; deletedAt: Date | null };

export type SageClientOptions = Omit<ProviderHttpOptions, 'app' | 'codec' | 'envelope' | 'token' | 'headers' | 'limits' | 'limiter'> & {
  readonly token: TokenSource;
  /** Per business; defaults to sageLimits. */
  readonly limits?: TenantLimits;
  /** Limiters shared with other clients reaching the same business (createTenantLimiters); wins over `limits`. */
  readonly limiterFor?: (businessId: string) => TenantLimiter;
  /** Something worth a log line that fails nothing (a tax rate we cannot hold exactly, a reference used twice). */
  readonly onWarning?: (message: string) => void;
  readonly pageSize?: number;
};

/** Sage's dates: `YYYY-MM-DDThh:mm:ss(+|-)hh:mm`. */
const sageDateTime = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, '+00:00');

/** The query of Sage's `$next` ("/contacts?page=2&items_per_page=200"), whatever it is relative to. */
const queryOf = (next: string): Record<string, string> => Object.fromEntries(new URL(next, 'https://sage.invalid/').searchParams);

const id = encodeURIComponent;

export function createSageClient(o: SageClientOptions): SageApi {
  const { limits, limiterFor: sharedLimiters, onWarning, pageSize, ...httpOptions } = o;
  const limiterFor = sharedLimiters ?? createTenantLimiters(limits ?? sageLimits, { now: o.now, sleep: o.sleep });
  const warn = onWarning ?? (() => undefined);
  const perPage = pageSize ?? sagePageSize;

  /** Business calls carry X-Business and wait on that business's limiter; /businesses and /businesses/{key} are the user's own. */
  const http = (businessId: string | null) => createProviderHttp({
    ...httpOptions, app: 'sage',
    ...(businessId === null ? { limits: limits ?? sageLimits } : { headers: { 'x-business': businessId }, limiter: limiterFor(businessId) }),
  });

  const call = async <T>(subject: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (e) {
      throw sageFailure(e, subject);
    }
  };

  /**
   * Every row of a list: page by page, following `$next` until null. Our filters go with every page
   * (whether or not Sage repeats them in `$next`), Sage's page number over ours.
   */
  const list = async <T extends z.ZodType>(businessId: string | null, path: string, item: T, query: Query = {}): Promise<z.output<T>[]> => {
    const client = http(businessId);
    const rows: z.output<T>[] = [];
    const seen = new Set<string>();
    for (let pageQuery: Query = { ...query, page: 1, items_per_page: perPage }; ;) {
      const { body } = await client.get(path, { query: pageQuery, schema: sagePage(item) });
      rows.push(...(body.$items as z.output<T>[]));
      if (!body.$next) return rows;
      if (seen.has(body.$next)) throw new ProviderError('sage', 'invalid-response', { method: 'GET', path, reason: `Sage sent the same next page twice (${body.$next})` });
      seen.add(body.$next);
      pageQuery = { ...query, items_per_page: perPage, ...queryOf(body.$next) };
    }
  };

  // A user-level call in Sage's User Accounts Swagger (no X-Business): the key is a business id or
  // `lead`, and `lead` is no business id to send as X-Business.
  const business = (businessId: string) => call('the business', async () => {
    const { body } = await http(null).get(`/businesses/${id(businessId)}`, { schema: SageBusinessRecord });
    const found = toSageBusiness(body);
    if (!found.countryCode) throw new ProviderError('sage', 'invalid-response', { path: '/businesses/{id}', reason: 'Sage did not say which country the business is in' });
    return found;
  });

  return {
    businesses: () => call('the list of businesses', async () => {
      const rows = (await list(null, '/businesses', SageBusinessRecord, { attributes: 'all' })).map(toSageBusiness);
      // A list may carry base attributes only; a business without its country is read on its own.
      return Promise.all(rows.map((b) => (b.countryCode ? b : business(b.id))));
    }),
    business,
    salesLedgerAccounts: (businessId) => call('the ledger accounts', async () =>
      (await list(businessId, '/ledger_accounts', SageLedgerAccountRecord, { visible_in: 'sales', attributes: 'all' })).map(toSageLedgerAccount)),
    taxRates: (businessId) => call('the tax rates', async () =>
      (await list(businessId, '/tax_rates', SageTaxRateRecord, { attributes: 'all' })).map((r) => toSageTaxRate(r, warn))),
    contacts: (businessId, q = {}) => call('the contacts', async () => {
      const query = {
        contact_type_id: 'CUSTOMER', attributes: 'all', search: q.search, email: q.email,
        updated_or_created_since: q.updatedSince ? sageDateTime(q.updatedSince) : undefined,
      };
      return (await list(businessId, '/contacts', SageContactRecord, query)).map(toSageContact);
    }),
    deletedContacts: (businessId, since) => call('the deleted contacts', async () => {
      // Only what a deletion needs: the id, and when (a comma list keeps the page small).
      const query = { contact_type_id: 'CUSTOMER', attributes: 'deleted_at', deleted_since: sageDateTime(since) };
      return (await list(businessId, '/contacts', SageContactRecord, query)).map((r) => {
        const { id: contactId, deletedAt } = toSageContact(r);
        return { id: contactId, deletedAt };
      });
    }),
    createContact: (businessId, input) => call('the contact', async () =>
      toSageContact((await http(businessId).post('/contacts', contactBody(input), { schema: SageContactRecord })).body)),
    findInvoiceByReference: (businessId, reference) => call('the invoice search', async () => {
      if (!reference.trim()) throw new RangeError('an invoice reference to look up must not be blank');
      const rows = await list(businessId, '/sales_invoices', SageInvoiceRecord, { search: reference, attributes: 'all' });
      const exact = rows.filter((r) => r.reference === reference);
      if (exact.length > 1) warn(`Sage has ${exact.length} invoices with the reference ${reference} (${exact.map((r) => r.id).join(', ')}); using the first`);
      return exact[0] ? toSageInvoice(exact[0]) : null;
    }),
    createInvoice: (businessId, input) => call('the invoice', async () =>
      toSageInvoice((await http(businessId).post('/sales_invoices', invoiceBody(input), { schema: SageInvoiceRecord })).body)),
    invoice: (businessId, invoiceId) => call('the invoice', async () =>
      toSageInvoice((await http(businessId).get(`/sales_invoices/${id(invoiceId)}`, { query: { mark_as_sent: false }, schema: SageInvoiceRecord })).body)),
  };
}
