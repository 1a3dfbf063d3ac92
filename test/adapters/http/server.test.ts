import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../adapters/log/logger.js';
import { createMetrics } from '../../../adapters/http/metrics.js';
import { createHttpServer } from '../../../adapters/http/server.js';

const server = async (notReady: () => Promise<string[]> = async () => []) =>
  createHttpServer({
    logger: createLogger('silent'), metrics: createMetrics(), inScope: (fn) => fn(), notReady,
    routes: [(app) => { app.get('/boom', async () => { throw new Error('secret internals'); }); app.get('/bad', async () => { throw Object.assign(new Error('amount must be positive'), { statusCode: 400 }); }); }],
  });

describe('the HTTP server', () => {
  it('is alive, and ready only when everything it waits for is', async () => {
    let waiting = ['database'];
    const app = await server(async () => waiting);

    const before = await app.inject('/readyz');
    waiting = [];
    const after = await app.inject('/readyz');

    expect((await app.inject('/healthz')).statusCode).toBe(200);
    expect([before.statusCode, before.json()]).toEqual([503, { status: 'starting', waiting: ['database'] }]);
    expect(after.statusCode).toBe(200);
  });

  it('exports request latency as Prometheus text', async () => {
    const app = await server();
    await app.inject('/healthz');

    const metrics = await app.inject('/metrics');

    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.body).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} 1/);
  });

  it('hides internals on a 500 and keeps the reason on a 4xx', async () => {
    const app = await server();

    const boom = await app.inject('/boom');
    const bad = await app.inject('/bad');

    expect(boom.statusCode).toBe(500);
    expect(boom.body).not.toContain('secret internals');
    expect(bad.json()).toEqual({ error: 'bad_request', message: 'amount must be positive' });
    expect((await app.inject('/nowhere')).statusCode).toBe(404);
  });
});

describe('the logger', () => {
  it('redacts tokens and authorization headers', () => {
    const lines: string[] = [];
    const log = createLogger('info', { write: (l: string) => lines.push(l) });

    log.info({ req: { headers: { authorization: 'Bearer abc123' } }, tokens: { accessToken: 'xyz789' }, connection: { refreshToken: 'r-456' } }, 'hello');

    expect(lines.join('')).not.toMatch(/abc123|xyz789|r-456/);
    expect(lines.join('')).toContain('[redacted]');
  });
});

describe('request log lines', () => {
  it('never carry a proposal link token or an OAuth code and state', async () => {
    const lines: string[] = [];
    const token = 'Zk3_secretLinkToken_0123456789abcdefghijkl';
    const app = await createHttpServer({
      logger: createLogger('info', { write: (l: string) => lines.push(l) }), metrics: createMetrics(), inScope: (fn) => fn(), notReady: async () => [],
      routes: [(a) => {
        a.get('/p/:token', async () => 'page');
        a.post('/p/:token/accept', async () => 'accepted');
        a.get('/oauth/gusto/callback', async () => 'connected');
      }],
    });

    await app.inject(`/p/${token}`);
    await app.inject({ method: 'POST', url: `/p/${token}/accept?x=1` });
    await app.inject('/oauth/gusto/callback?code=oauth-code-777&state=pr1~u1~n1~123~sig-888&error=');
    await app.inject('/oauth/gusto/callback?STATE=upper-999');

    const log = lines.join('');
    expect(log).not.toMatch(/secretLinkToken|oauth-code-777|sig-888|upper-999/);
    const urls = lines.map((l) => (JSON.parse(l) as { req?: { url?: string } }).req?.url).filter(Boolean);
    expect(urls).toEqual([
      '/p/[redacted]', '/p/[redacted]/accept?x=1', '/oauth/gusto/callback?code=[redacted]&state=[redacted]&error=', '/oauth/gusto/callback?STATE=[redacted]',
    ]);
  });
});
