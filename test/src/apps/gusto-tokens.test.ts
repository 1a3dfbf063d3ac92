import { afterEach, describe, expect, it } from 'vitest';
import { approveGustoConsent } from '../../../adapters/sandbox/gusto.js';
import { gustoWorld, type GustoWorld } from '../../builders/gusto-world.js';

let w: GustoWorld;
afterEach(async () => { await w.close(); });

const onlyConnection = async () => (await w.stores.connections.list(w.practice.id, 'gusto'))[0]!;
const expireStored = async () => {
  const c = await onlyConnection();
  await w.stores.connections.save({ ...c, tokens: { ...c.tokens, expiresAt: new Date(Date.now() + 60_000) } });
};

describe('Gusto token access', () => {
  it('serves 20 concurrent requests for an expiring token with one refresh, and stores the new pair', async () => {
    w = await gustoWorld({ count: 1 });
    await w.connect();
    await expireStored();
    const old = (await onlyConnection()).tokens;

    const tokens = await Promise.all(Array.from({ length: 20 }, async () => w.uc.tokens.accessToken(await onlyConnection())));

    expect(w.tokenEndpoint.calls).toBe(1);
    const stored = (await onlyConnection()).tokens;
    expect(stored.refreshToken).not.toBe(old.refreshToken);
    expect(new Set(tokens.map((t) => (t.ok ? t.value : 'error')))).toEqual(new Set([stored.accessToken]));
    expect(w.sandbox.auth.tokenCalls.rejected).toBe(0);
  });

  it('refreshes once and retries when Gusto rejects an access token that looked valid', async () => {
    w = await gustoWorld({ count: 1 });
    await w.connect();
    w.sandbox.expireAccessTokens();

    const out = await w.uc.sync.sync(w.practice.id, { trigger: 'manual' });

    expect(out.run?.counts.failed).toBe(0);
    expect(w.tokenEndpoint.calls).toBe(1);
  });

  it('moves a revoked grant to needs-reconnect, posts a Reconnect card once, and stops asking Gusto', async () => {
    w = await gustoWorld({ count: 1 });
    await w.connect();
    await expireStored();
    w.sandbox.revokeGrants();

    const first = await w.uc.sync.sync(w.practice.id, { trigger: 'schedule' });
    const second = await w.uc.sync.sync(w.practice.id, { trigger: 'schedule' });

    expect((await onlyConnection()).status).toBe('needs-reconnect');
    expect(first.run?.counts.failed).toBe(1);
    expect(second.run).toBeNull();
    expect(w.tokenEndpoint.calls).toBe(1);
    const reconnect = w.notifier.sent.filter((n) => n.event === 'connection.needs_reconnect');
    expect(reconnect).toHaveLength(1);
    expect(reconnect[0]!.card.buttons?.[0]).toMatchObject({ label: 'Reconnect', command: 'connect gusto' });
    expect(w.notifier.sent.map((n) => n.event)).toContain('sync.failed');
  });
});

describe('Gusto connect', () => {
  it('is single use: the same state link cannot connect twice', async () => {
    w = await gustoWorld({ count: 2 });
    const card = await w.uc.connect.connectCard(w.practice, w.admin);
    const url = card.buttons!.find((b) => b.url)!.url!;
    const follow = async () => new URL((await approveGustoConsent(url)).headers.get('location')!);

    const first = await follow();
    const second = await follow();
    const ok = await w.uc.connect.handleCallback({ code: first.searchParams.get('code')!, state: first.searchParams.get('state')! });
    const replay = await w.uc.connect.handleCallback({ code: second.searchParams.get('code')!, state: second.searchParams.get('state')! });

    expect(ok.ok).toBe(true);
    expect(replay).toEqual({ ok: false, error: { kind: 'invalid-state', reason: 'the link was already used' } });
    expect(await w.stores.connections.list(w.practice.id, 'gusto')).toHaveLength(1);
  });

  it('refuses a state link more than 10 minutes old, by its own signed expiry, and stores nothing', async () => {
    let now = Date.now();
    w = await gustoWorld({ count: 1, clock: { now: () => new Date(now) } });
    const back = async () => {
      const url = (await w.uc.connect.connectCard(w.practice, w.admin)).buttons!.find((b) => b.url)!.url!;
      return new URL((await approveGustoConsent(url)).headers.get('location')!);
    };
    const stale = await back();
    const fresh = await back();

    now += 10 * 60_000 + 1000;
    const late = await w.uc.connect.handleCallback({ code: stale.searchParams.get('code')!, state: stale.searchParams.get('state')! });
    now -= 2000;
    const inTime = await w.uc.connect.handleCallback({ code: fresh.searchParams.get('code')!, state: fresh.searchParams.get('state')! });

    expect(late).toEqual({ ok: false, error: { kind: 'invalid-state', reason: 'the link has expired' } });
    expect(inTime.ok).toBe(true);
    expect(await w.stores.connections.list(w.practice.id)).toHaveLength(1);
  });

  it('refuses a forged state and stores nothing', async () => {
    w = await gustoWorld({ count: 1 });

    const out = await w.uc.connect.handleCallback({ code: 'x', state: 'pr-1~u-1~n~99999999999999~deadbeef' });

    expect(out).toMatchObject({ ok: false, error: { kind: 'invalid-state', reason: 'the link was not issued by this bot' } });
    expect(await w.stores.connections.list(w.practice.id)).toEqual([]);
  });

  it('records a denied authorisation in the audit log', async () => {
    w = await gustoWorld({ count: 1 });
    const url = new URL((await w.uc.connect.connectCard(w.practice, w.admin)).buttons!.find((b) => b.url)!.url!);

    const out = await w.uc.connect.handleCallback({ state: url.searchParams.get('state')!, error: 'access_denied' });

    expect(out).toMatchObject({ ok: false, error: { kind: 'denied' } });
    expect(w.stores.audit.events.at(-1)).toMatchObject({ action: 'gusto.connect_failed' });
  });

  it('shows an admin a connect card with a link button and what will happen', async () => {
    w = await gustoWorld({ count: 1 });

    const card = await w.uc.connect.connectCard(w.practice, w.admin);

    expect(card.title).toBe('Connect Gusto (Sandbox)');
    expect(card.buttons?.[0]).toMatchObject({ label: 'Connect your account' });
    expect(card.text).toContain('06:00 (America/New_York)');
  });
});
