import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { card } from '../../../src/cards.js';
import { nowMs, scriptedCore, signedHeaders, slackServer, slashBody } from './support.js';

describe('POST /slack/events signature check', () => {
  let app: FastifyInstance;
  const { core, requests } = scriptedCore(() => ({ cards: [card('Hello')] }));

  beforeAll(async () => { ({ app } = await slackServer(core)); });
  afterAll(async () => { await app.close(); });

  const post = (payload: string, headers: Record<string, string>) => app.inject({ method: 'POST', url: '/slack/events', payload, headers });

  it('accepts a correctly signed form-encoded slash command', async () => {
    const body = slashBody('help');

    const res = await post(body, signedHeaders(body));

    expect(res.statusCode).toBe(200);
    expect(res.json().blocks[0].text.text).toBe('Hello');
  });

  it('refuses a body signed with another secret, with 401 and no detail', async () => {
    const body = slashBody('help');
    const before = requests.length;

    const res = await post(body, signedHeaders(body, { secret: 'not-ours' }));

    expect(res.statusCode).toBe(401);
    expect(res.body).toBe('');
    expect(requests.length).toBe(before);
  });

  it('refuses a timestamp older than five minutes, and one from the future', async () => {
    const body = slashBody('help');
    const stale = String(Math.floor(nowMs / 1000) - 301);
    const future = String(Math.floor(nowMs / 1000) + 301);

    const old = await post(body, signedHeaders(body, { timestamp: stale }));
    const ahead = await post(body, signedHeaders(body, { timestamp: future }));

    expect(old.statusCode).toBe(401);
    expect(ahead.statusCode).toBe(401);
  });

  it('refuses a body changed after signing', async () => {
    const body = slashBody('help');
    const headers = signedHeaders(body);

    const res = await post(body.replace('help', 'helq'), headers);

    expect(res.statusCode).toBe(401);
  });

  it('refuses missing headers and unknown signature versions', async () => {
    const body = slashBody('help');
    const good = signedHeaders(body);

    const missing = await post(body, { 'content-type': good['content-type'] });
    const v1 = await post(body, { ...good, 'x-slack-signature': good['x-slack-signature'].replace('v0=', 'v1=') });

    expect(missing.statusCode).toBe(401);
    expect(v1.statusCode).toBe(401);
  });

  it('verifies JSON event bodies over their raw bytes and answers url_verification', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 'x' });

    const res = await post(body, signedHeaders(body, { contentType: 'application/json' }));

    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ challenge: 'abc123' });
  });

  it('answers Slack\'s ssl_check with an empty 200', async () => {
    const body = 'ssl_check=1&token=legacy';

    const res = await post(body, signedHeaders(body));

    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
  });

  it('answers an unsigned ssl_check=1 with an empty 200 as Bolt does, and runs nothing it carries', async () => {
    const before = requests.length;
    const smuggled = `ssl_check=1&token=legacy&${slashBody('client add Mallory')}`;

    const check = await post('ssl_check=1&token=legacy', { 'content-type': 'application/x-www-form-urlencoded' });
    const carrying = await post(smuggled, { 'content-type': 'application/x-www-form-urlencoded' });

    expect([check.statusCode, check.body, carrying.statusCode, carrying.body]).toEqual([200, '', 200, '']);
    expect(requests.length).toBe(before);
  });

  it('checks the signature of anything but exactly one ssl_check=1', async () => {
    const other = await post('ssl_check=0&token=legacy', { 'content-type': 'application/x-www-form-urlencoded' });
    const twice = await post('ssl_check=1&ssl_check=1', { 'content-type': 'application/x-www-form-urlencoded' });
    const json = await post(JSON.stringify({ ssl_check: '1' }), { 'content-type': 'application/json' });

    expect([other.statusCode, twice.statusCode, json.statusCode]).toEqual([401, 401, 401]);
  });

  it('keeps + , %2B, emoji and non-ASCII names intact through verification and parsing', async () => {
    const body = slashBody('client add "Zoë & Søn +1 🚀" note=a%2Bb');

    const res = await post(body, signedHeaders(body));

    expect(res.statusCode).toBe(200);
    expect(requests.at(-1)?.text).toBe('client add "Zoë & Søn +1 🚀" note=a%2Bb');
  });

  it('leaves JSON parsing of other routes alone', async () => {
    const res = await app.inject({ method: 'POST', url: '/other', payload: { a: 1 } });

    expect(res.json()).toEqual({ parsed: { a: 1 } });
  });
});
