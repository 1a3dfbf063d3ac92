/**
 * POST /webhooks/gusto. Gusto signs each delivery with HMAC-SHA256 of the raw body keyed by the
 * subscription's verification token (X-Gusto-Signature, hex). The first POST after subscribing is the
 * verification handshake ({ verification_token, webhook_subscription_uuid }) and carries no
 * signature: it is answered 200 only once Gusto has confirmed the token.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Result } from '../../../domain/shared/result.js';
import type { HandshakeError, GustoWebhookEvent as WebhookEvent } from '../../../src/gusto/webhooks.js';

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
  readonly onEvent: (event: WebhookEvent) => Promise<void>;
};

export const validGustoSignature = (raw: Buffer, header: string | undefined, secret: string): boolean => {
  if (!header || !/^[0-9a-f]{64}$/i.test(header)) return false;
  const expected = createHmac('sha256', secret).update(raw).digest();
  return timingSafeEqual(expected, Buffer.from(header, 'hex'));
};

export function registerGustoWebhookRoutes(app: FastifyInstance, deps: GustoWebhookDeps): void {
  // The signature covers the exact bytes Gusto sent, so this scope keeps JSON bodies raw.
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.post('/webhooks/gusto', async (req, reply) => {
    const raw = req.body as Buffer;
    let json: unknown;
    try { json = JSON.parse(raw.toString('utf8')); } catch { return reply.status(400).send({ error: 'bad_request', message: 'body is not JSON' }); }
    const signature = req.headers['x-gusto-signature'] as string | undefined;
    const handshake = GustoVerificationHandshake.safeParse(json);
    if (handshake.success && !signature) {
      const outcome = await deps.onHandshake(handshake.data.verification_token, handshake.data.webhook_subscription_uuid);
      if (outcome.ok) return { received: true };
      const e = outcome.error;
      return e.kind === 'unavailable'
        ? reply.status(503).send({ error: 'unavailable', message: `could not confirm the verification token with Gusto: ${e.reason}` })
        : reply.status(401).send({ error: 'unauthorized', message: `${e.reason}; nothing was stored` });
    }
    const secret = await deps.secret();
    if (!secret || !validGustoSignature(raw, signature, secret)) {
      return reply.status(401).send({ error: 'unauthorized', message: 'signature does not match' });
    }
    const event = GustoWebhookEvent.safeParse(json);
    if (!event.success) return reply.status(400).send({ error: 'bad_request', message: 'not a Gusto event' });
    const e = event.data;
    await deps.onEvent({ id: e.uuid, type: e.event_type, companyId: e.resource_uuid, at: new Date(e.timestamp * 1000) });
    return { received: true };
  });
}
