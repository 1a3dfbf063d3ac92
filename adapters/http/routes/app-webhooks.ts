/**
 * POST /webhooks/:app, for every registered app. The app's own adapter checks the signature (over
 * the exact bytes the app sent, so this scope keeps JSON bodies raw) and reads the payload with its
 * own schema; this route only finds the app and answers what the adapter decided.
 */
import type { FastifyInstance } from 'fastify';
import type { WebhookReply } from '../../../src/apps/app.js';

/** An app's webhook receiver, already bound to what its events do. */
export type WebhookReceiver = (raw: Buffer, headers: Readonly<Record<string, string | string[] | undefined>>) => Promise<WebhookReply>;

export function registerAppWebhookRoutes(app: FastifyInstance, receivers: ReadonlyMap<string, WebhookReceiver>): void {
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.post<{ Params: { app: string } }>('/webhooks/:app', async (req, reply) => {
    const receive = receivers.get(req.params.app);
    if (!receive) return reply.status(404).send({ error: 'not_found', message: `no app "${req.params.app}" takes webhooks here` });
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.from(typeof req.body === 'string' ? req.body : '');
    const answer = await receive(raw, req.headers);
    return reply.status(answer.status).send(answer.body);
  });
}
