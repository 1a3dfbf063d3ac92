/**
 * POST /slack/events on the product's fastify server: Slack's unsigned ssl_check, raw-body signature
 * check, url_verification, then Bolt through our receiver. Registered as an encapsulated plugin, so the raw-body
 * parsers apply to this route only and every other route keeps fastify's normal JSON parsing.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '@slack/bolt';
import { BodyParseError, parseSlackBody } from './body.js';
import { FastifySlackReceiver } from './receiver.js';
import { isSignedBySlack } from './signature.js';
import { createSlackApp, type SlackDeps } from './slack-app.js';

export type SlackHttpDeps = SlackDeps & {
  readonly signingSecret: string;
  /** Milliseconds since the epoch; injectable so tests can sign with a fixed clock. */
  readonly nowMs?: () => number;
};

const header = (req: FastifyRequest, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Slack's SSL check: a form post of exactly one `ssl_check=1`, which Slack does not sign. Bolt's
 * HTTPReceiver answers it with an empty 200 before verifying anything, and only for that value;
 * whatever else the body carries is ignored, so nothing unsigned ever reaches a listener.
 */
const isSslCheck = (req: FastifyRequest, raw: Buffer): boolean => {
  if ((header(req, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase() !== 'application/x-www-form-urlencoded') return false;
  const values = new URLSearchParams(raw.toString('utf8')).getAll('ssl_check');
  return values.length === 1 && values[0] === '1';
};

export async function registerSlackRoutes(app: FastifyInstance, d: SlackHttpDeps): Promise<App> {
  const receiver = new FastifySlackReceiver(d.log);
  const bolt = createSlackApp(d, { receiver });
  const nowMs = d.nowMs ?? Date.now;

  const handle = async (req: FastifyRequest, reply: FastifyReply) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (isSslCheck(req, raw)) return reply.code(200).send();
    const signed = { signature: header(req, 'x-slack-signature'), timestamp: header(req, 'x-slack-request-timestamp') };
    if (!isSignedBySlack(d.signingSecret, signed, raw, nowMs())) {
      d.log.warn({ ip: req.ip }, 'slack request refused: bad or stale signature');
      return reply.code(401).send();
    }
    let body;
    try {
      body = parseSlackBody(raw, header(req, 'content-type'));
    } catch (error) {
      if (error instanceof BodyParseError || error instanceof SyntaxError) return reply.code(400).send();
      throw error;
    }
    if (body.type === 'url_verification') return reply.code(200).send({ challenge: body.challenge });
    const retry = header(req, 'x-slack-retry-num');
    const result = await receiver.dispatch(body, retry ? Number(retry) : undefined, header(req, 'x-slack-retry-reason'));
    if (result.json) reply.type('application/json; charset=utf-8');
    return reply.code(result.status).send(result.body);
  };

  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_req, body, done) => done(null, body));
    scope.post('/slack/events', handle);
  });
  return bolt;
}
