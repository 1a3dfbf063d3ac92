/**
 * Gusto's webhook deliveries. Gusto signs each with HMAC-SHA256 of the raw body keyed by the
 * subscription's verification token (X-Gusto-Signature, hex). The first POST after subscribing is the
 * verification handshake ({ verification_token, webhook_subscription_uuid }) and carries no
 * signature: it is answered 200 only once Gusto has confirmed the token.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Result } from '../../domain/shared/result.js';
import type { WebhookEvent, WebhookReply } from '../../src/apps/app.js';
import { relevantGustoEvent, type HandshakeError } from './webhook-setup.js';

/** Gusto's delivery is thin (which company, what happened); the sync re-reads the company itself. */
const GustoWebhookEvent = z.object({
  uuid: z.string().min(1),
  event_type: z.string().min(1),
  resource_uuid: z.string().min(1),
  timestamp: z.number(),
});
const GustoVerificationHandshake = z.object({ verification_token: z.string().min(1), webhook_subscription_uuid: z.string().min(1).optional() });

export type GustoWebhookDeps = {
  /** The verification token deliveries are signed with; undefined until the handshake has happened. */
  readonly secret: () => Promise<string | undefined>;
  /** Checks the handshake's token with Gusto, and keeps it only if Gusto confirms it. */
  readonly onHandshake: (token: string, subscriptionId?: string) => Promise<Result<unknown, HandshakeError>>;
};

export const validGustoSignature = (raw: Buffer, header: string | undefined, secret: string): boolean => {
  if (!header || !/^[0-9a-f]{64}$/i.test(header)) return false;
  const expected = createHmac('sha256', secret).update(raw).digest();
  return timingSafeEqual(expected, Buffer.from(header, 'hex'));
};

/** Reads one delivery: the handshake, or a signed event passed on when it can change what we sync. */
export const receiveGustoWebhook = (deps: GustoWebhookDeps) =>
  async (raw: Buffer, headers: Readonly<Record<string, string | string[] | undefined>>, onEvent: (e: WebhookEvent) => Promise<void>): Promise<WebhookReply> => {
    let json: unknown;
    try { json = JSON.parse(raw.toString('utf8')); } catch { return { status: 400, body: { error: 'bad_request', message: 'body is not JSON' } }; }
    const header = headers['x-gusto-signature'];
    const signature = typeof header === 'string' ? header : undefined;
    const handshake = GustoVerificationHandshake.safeParse(json);
    if (handshake.success && !signature) {
      const outcome = await deps.onHandshake(handshake.data.verification_token, handshake.data.webhook_subscription_uuid);
      if (outcome.ok) return { status: 200, body: { received: true } };
      const e = outcome.error;
      return e.kind === 'unavailable'
        ? { status: 503, body: { error: 'unavailable', message: `could not confirm the verification token with Gusto: ${e.reason}` } }
        : { status: 401, body: { error: 'unauthorized', message: `${e.reason}; nothing was stored` } };
    }
    const secret = await deps.secret();
    if (!secret || !validGustoSignature(raw, signature, secret)) return { status: 401, body: { error: 'unauthorized', message: 'signature does not match' } };
    const event = GustoWebhookEvent.safeParse(json);
    if (!event.success) return { status: 400, body: { error: 'bad_request', message: 'not a Gusto event' } };
    const e = event.data;
    if (relevantGustoEvent.test(e.event_type)) await onEvent({ id: e.uuid, type: e.event_type, externalId: e.resource_uuid, at: new Date(e.timestamp * 1000) });
    return { status: 200, body: { received: true } };
  };
