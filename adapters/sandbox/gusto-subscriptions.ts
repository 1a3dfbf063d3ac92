/**
 * The Gusto simulator's webhook side, as Gusto's OpenAPI describes it: subscriptions managed with a
 * system access token (create, list, get, update, delete, verify, request_verification_token), the
 * unsigned verification handshake POSTed to the subscriber, and events signed with the verified
 * token (X-Gusto-Signature: hex HMAC-SHA256 of the raw body). Events flow only once verified.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isSystemBearer, type GustoAuthState } from './gusto-auth.js';

export const gustoSubscriptionTypes = [
  'BankAccount', 'Company', 'CompanyBenefit', 'Contractor', 'ContractorPayment', 'Employee', 'EmployeeBenefit',
  'EmployeeJobCompensation', 'ExternalPayroll', 'Form', 'Location', 'Notification', 'Payroll', 'PaySchedule', 'Signatory',
] as const;

export type SimSubscription = {
  uuid: string; url: string; status: 'pending' | 'verified' | 'removed' | 'unreachable';
  subscription_types: string[]; verification_token: string;
};

export type GustoWebhookInput = { event_type: string; resource_uuid: string; entity_type?: string; entity_uuid?: string; uuid?: string; timestamp?: number };

/** How the sandbox reaches a subscriber: fetch, or a stand-in that routes our own URL over loopback. */
export type Deliver = (url: string, init: RequestInit) => Promise<Response>;

export const signGustoPayload = (raw: string, secret: string): string => createHmac('sha256', secret).update(raw).digest('hex');

/** An event as Gusto delivers it: thin, naming the company and what changed. */
const eventBody = (e: GustoWebhookInput) => JSON.stringify({
  uuid: e.uuid ?? randomUUID(), event_type: e.event_type, resource_type: 'Company', resource_uuid: e.resource_uuid,
  entity_type: e.entity_type ?? 'Company', entity_uuid: e.entity_uuid ?? e.resource_uuid, timestamp: e.timestamp ?? Math.floor(Date.now() / 1000),
});

/** The subscription as Gusto returns it: never with its verification token. */
const view = ({ verification_token: _, ...s }: SimSubscription) => s;

/** Gusto's Unprocessable-Entity-Error-Object. */
const unprocessable = (reply: FastifyReply, key: string, message: string) =>
  reply.code(422).send({ errors: [{ error_key: key, category: 'invalid_attribute_value', message }] });
const notFound = (reply: FastifyReply) =>
  reply.code(404).send({ errors: [{ error_key: 'webhook_subscription_uuid', category: 'not_found', message: 'The requested resource was not found.' }] });

const validTypes = (types: unknown): types is string[] =>
  Array.isArray(types) && types.length > 0 && types.every((t) => (gustoSubscriptionTypes as readonly unknown[]).includes(t));

const validUrl = (url: unknown): url is string => {
  try { return typeof url === 'string' && /^https?:$/.test(new URL(url).protocol); } catch { return false; }
};

export function createGustoWebhookSide(auth: GustoAuthState, subs: SimSubscription[], o: { deliver: Deliver; save: () => void }) {
  const pending = new Set<Promise<unknown>>();
  let stopped = false;
  const track = <T>(work: Promise<T>): Promise<T> => {
    pending.add(work);
    void work.finally(() => pending.delete(work)).catch(() => undefined);
    return work;
  };
  const post = (url: string, raw: string, headers: Record<string, string> = {}) =>
    o.deliver(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: raw });
  /** Gusto only looks at the status. Reading the body hands the connection back: an unread one keeps the subscriber's server from closing. */
  const deliver = async (url: string, raw: string, headers?: Record<string, string>) => {
    if (stopped) return 0;
    const res = await post(url, raw, headers);
    await res.arrayBuffer();
    return res.status;
  };

  /** POSTs the unsigned handshake; a subscriber that cannot be reached leaves the subscription unreachable. */
  const handshake = (s: SimSubscription) => track((async () => {
    const status = await deliver(s.url, JSON.stringify({ verification_token: s.verification_token, webhook_subscription_uuid: s.uuid })).catch(() => 0);
    const ok = status >= 200 && status < 300;
    if (!ok && s.status === 'pending') { s.status = 'unreachable'; o.save(); }
  })());

  const register = (app: FastifyInstance) => {
    type Req = FastifyRequest<{ Params: { id: string }; Body: Record<string, unknown> | undefined }>;
    /** App-level calls take a system access token; a company's token is refused. */
    const guard = (req: FastifyRequest, reply: FastifyReply): boolean => {
      if (isSystemBearer(auth, req.headers.authorization, Date.now())) return true;
      void reply.code(401).send({ message: 'This endpoint needs a system access token (grant_type=system_access)' });
      return false;
    };
    const find = (req: Req, reply: FastifyReply) => {
      if (!guard(req, reply)) return null;
      const s = subs.find((x) => x.uuid === req.params.id);
      if (!s) void notFound(reply);
      return s ?? null;
    };

    app.post('/v1/webhook_subscriptions', async (req: Req, reply) => {
      if (!guard(req, reply)) return;
      const { url, subscription_types: types } = req.body ?? {};
      if (!validUrl(url)) return unprocessable(reply, 'url', 'Url must be an http or https address');
      if (!validTypes(types)) return unprocessable(reply, 'subscription_types', `Subscription types must be some of ${gustoSubscriptionTypes.join(', ')}`);
      const s: SimSubscription = { uuid: randomUUID(), url, status: 'pending', subscription_types: types, verification_token: randomUUID() };
      subs.push(s);
      o.save();
      // Gusto sends the handshake after answering, as its own separate request.
      setImmediate(() => void handshake(s));
      return reply.code(201).send(view(s));
    });
    app.get('/v1/webhook_subscriptions', async (req, reply) => guard(req, reply) && subs.map(view));
    app.get('/v1/webhook_subscriptions/:id', async (req: Req, reply) => { const s = find(req, reply); return s && view(s); });
    app.put('/v1/webhook_subscriptions/:id', async (req: Req, reply) => {
      const s = find(req, reply);
      if (!s) return;
      if (!validTypes(req.body?.subscription_types)) return unprocessable(reply, 'subscription_types', 'Subscription types are missing or unknown');
      s.subscription_types = req.body.subscription_types as string[];
      o.save();
      return view(s);
    });
    app.delete('/v1/webhook_subscriptions/:id', async (req: Req, reply) => {
      const s = find(req, reply);
      if (!s) return;
      subs.splice(subs.indexOf(s), 1);
      o.save();
      return reply.code(204).send();
    });
    app.put('/v1/webhook_subscriptions/:id/verify', async (req: Req, reply) => {
      const s = find(req, reply);
      if (!s) return;
      if (req.body?.verification_token !== s.verification_token) return unprocessable(reply, 'verification_token', 'Verification token is invalid');
      s.status = 'verified';
      o.save();
      return view(s);
    });
    app.get('/v1/webhook_subscriptions/:id/request_verification_token', async (req: Req, reply) => {
      const s = find(req, reply);
      if (!s) return;
      setImmediate(() => void handshake(s));
      return reply.code(200).send();
    });
  };

  return {
    register,
    /** Resolves once every handshake and delivery in flight has been answered. */
    settled: async () => { while (pending.size) await Promise.allSettled([...pending]); },
    /** Sends nothing more and waits for what is in flight: the sandbox's host is closing. */
    stop: async () => { stopped = true; while (pending.size) await Promise.allSettled([...pending]); },
    /**
     * Delivers an event to every verified subscription for its entity type, signed with that
     * subscription's token (company.provisioned goes to all, as Gusto sends it regardless). Answers
     * each subscriber's HTTP status.
     */
    emit: (e: GustoWebhookInput): Promise<number[]> => {
      const kind = e.event_type.split('.')[0]!.replace(/^./, (c) => c.toUpperCase());
      const raw = eventBody(e);
      const to = subs.filter((s) => s.status === 'verified' && (e.event_type === 'company.provisioned' || s.subscription_types.includes(kind)));
      return track(Promise.all(to.map((s) => deliver(s.url, raw, { 'x-gusto-signature': signGustoPayload(raw, s.verification_token) }))));
    },
    /** Posts an event signed with any token (a test's forgery, or a replay). */
    sendWebhook: (url: string, e: GustoWebhookInput, secret: string): Promise<Response> => {
      const raw = eventBody(e);
      return post(url, raw, { 'x-gusto-signature': signGustoPayload(raw, secret) });
    },
    /** Posts an unsigned handshake, as Gusto would (or as a forger would). */
    sendVerificationToken: (url: string, token: string, subscriptionUuid?: string): Promise<Response> =>
      post(url, JSON.stringify({ verification_token: token, ...(subscriptionUuid ? { webhook_subscription_uuid: subscriptionUuid } : {}) })),
  };
}
