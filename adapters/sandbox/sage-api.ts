/**
 * The Sage simulator's API at /v3.1: the guard every call passes (bearer token, subscription,
 * X-Business, the business's rolling rate limit) and the read-only resources: the user, businesses,
 * ledger accounts and tax rates.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bearerGrant, type SageAuthState } from './sage-auth.js';
import type { SageBook } from './sage-data.js';
import { accessDenied, invalid, noSubscription, recordNotFound, unprocessable } from './sage-errors.js';
import type { SageFaultSide } from './sage-faults.js';
import { isErrors, listEnvelope, pickAttributes, readPaging, type Query } from './sage-lists.js';
import { businessPayload, ledgerAccountPayload, taxRatePayload, userPayload, type Payload } from './sage-payloads.js';

export type SageApiContext = {
  readonly books: () => SageBook[];
  readonly auth: SageAuthState;
  readonly faults: SageFaultSide;
  readonly clock: () => Date;
  /** Where people's browsers reach the sandbox (its PUBLIC_URL base, prefix included). */
  readonly publicBase: (req: FastifyRequest) => string;
  readonly save: () => void;
};

export type ApiRequest = FastifyRequest<{ Querystring: Query; Params: { key?: string }; Body: unknown }>;

/** A user-level call (businesses, user): a live token and an active subscription. */
export const userGuard = (ctx: SageApiContext, req: FastifyRequest, reply: FastifyReply): boolean => {
  if (!bearerGrant(ctx.auth, req.headers.authorization, ctx.clock().getTime())) { void reply.code(401).send(accessDenied()); return false; }
  if (ctx.faults.lapsed()) { void reply.code(401).send(noSubscription()); return false; }
  return true;
};

/**
 * A business-level call: the business X-Business names, or the user's lead business without one. A
 * business the user cannot reach answers 401, as integrators report for a missing or wrong X-Business.
 */
export const businessGuard = (ctx: SageApiContext, req: FastifyRequest, reply: FastifyReply): SageBook | null => {
  if (!userGuard(ctx, req, reply)) return null;
  const asked = req.headers['x-business'];
  const books = ctx.books();
  const book = asked === undefined ? books[0] : books.find((b) => b.business.id === asked);
  if (!book) { void reply.code(401).send(accessDenied()); return null; }
  if (!ctx.faults.admit(book.business.id, reply)) return null;
  void reply.header('x-business', book.business.id);
  return book;
};

/** One page of a list, or 422 for bad paging. */
export const answerList = (reply: FastifyReply, path: string, q: Query, rows: Payload[]) => {
  const paging = readPaging(q);
  return isErrors(paging) ? unprocessable(reply, paging) : listEnvelope(path, q, rows, paging);
};

const areas = ['sales', 'banking', 'expenses', 'other_payments', 'other_receipts', 'journals', 'reporting'];
const contains = (text: string, part: string) => text.toLowerCase().includes(part.toLowerCase());

export function registerSageReadApi(app: FastifyInstance, ctx: SageApiContext): void {
  app.get('/v3.1/user', async (req, reply) => userGuard(ctx, req, reply) ? userPayload() : reply);

  /** Sage's own example answers every business on one page, spelling the page size $items_per_page. */
  app.get('/v3.1/businesses', async (req: ApiRequest, reply) => {
    if (!userGuard(ctx, req, reply)) return reply;
    const items = ctx.books().map((b) => pickAttributes(businessPayload(b.business), req.query.attributes));
    return { $total: items.length, $page: 1, $next: null, $back: null, $items_per_page: 2147483647, $items: items };
  });
  app.get('/v3.1/businesses/:key', async (req: ApiRequest, reply) => {
    if (!userGuard(ctx, req, reply)) return reply;
    const books = ctx.books();
    const book = req.params.key === 'lead' ? books[0] : books.find((b) => b.business.id === req.params.key);
    return book ? businessPayload(book.business) : reply.code(404).send(recordNotFound());
  });

  app.get('/v3.1/ledger_accounts', async (req: ApiRequest, reply) => {
    const book = businessGuard(ctx, req, reply);
    if (!book) return reply;
    const q = req.query;
    const bad = (['visible_in', 'not_visible_in'] as const).filter((k) => q[k] !== undefined && !areas.includes(q[k]!));
    if (bad.length) return unprocessable(reply, bad.map((k) => invalid(k, `must be one of ${areas.join(', ')}`)));
    const rows = book.ledgerAccounts.map((l) => ledgerAccountPayload(l, book)).filter((p) =>
      (!q.visible_in || p[`visible_in_${q.visible_in}`] === true) && (!q.not_visible_in || p[`visible_in_${q.not_visible_in}`] !== true)
      && (!q.ledger_account_type_id || (p.ledger_account_type as { id: string }).id === q.ledger_account_type_id)
      && (!q.search || contains(String(p.nominal_code), q.search) || contains(String(p.name), q.search)));
    return answerList(reply, '/ledger_accounts', q, rows);
  });
  app.get('/v3.1/ledger_accounts/:key', async (req: ApiRequest, reply) => {
    const book = businessGuard(ctx, req, reply);
    if (!book) return reply;
    const found = book.ledgerAccounts.find((l) => l.id === req.params.key);
    return found ? ledgerAccountPayload(found, book) : reply.code(404).send(recordNotFound());
  });

  app.get('/v3.1/tax_rates', async (req: ApiRequest, reply) => {
    const book = businessGuard(ctx, req, reply);
    return book ? answerList(reply, '/tax_rates', req.query, book.taxRates.map((t) => taxRatePayload(t, book.business))) : reply;
  });
  app.get('/v3.1/tax_rates/:key', async (req: ApiRequest, reply) => {
    const book = businessGuard(ctx, req, reply);
    if (!book) return reply;
    const found = book.taxRates.find((t) => t.id === req.params.key);
    return found ? taxRatePayload(found, book.business) : reply.code(404).send(recordNotFound());
  });
}
