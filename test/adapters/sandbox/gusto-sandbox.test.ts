import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGustoClient } from '../../../adapters/gusto/client.js';
import { createGustoOAuth } from '../../../adapters/gusto/oauth.js';
import { createGustoPayrollAuth } from '../../../adapters/gusto/payroll-system.js';
import { createGustoWebhookSubscriptions } from '../../../adapters/gusto/webhook-subscriptions.js';
import { approveGustoConsent, createGustoSandbox, signGustoPayload, startGustoSandbox, type ServedGustoSandbox } from '../../../adapters/sandbox/gusto.js';
import { rehired, seedGustoCompanies } from '../../../adapters/sandbox/seed.js';

let sandbox: ServedGustoSandbox;
const redirectUri = 'http://127.0.0.1:9/oauth/gusto/callback';
const deadGrant = { kind: 'reconnect-needed', detail: { oauthError: 'invalid_grant' } };
beforeAll(async () => { sandbox = await startGustoSandbox(); });
afterAll(async () => { await sandbox.close(); });

const oauth = () => createGustoOAuth({ baseUrl: sandbox.url, clientId: 'sandbox', clientSecret: 'sandbox', redirectUri, sleep: async () => {} });

/** Chooses a company on the consent page and presses Authorize, stopping at our callback. */
const authorize = async (company?: string) => {
  const res = await approveGustoConsent(oauth().authorizeUrl('s-1'), company ? { company } : {});
  const back = new URL(res.headers.get('location') ?? '');
  return { status: res.status, code: back.searchParams.get('code') ?? '', state: back.searchParams.get('state') };
};

describe('Gusto sandbox', () => {
  it('seeds the same 25 companies with 1 to 300 employees every time', () => {
    const a = seedGustoCompanies(), b = seedGustoCompanies();

    expect(a.map((c) => c.uuid)).toEqual(b.map((c) => c.uuid));
    expect(a).toHaveLength(25);
    expect(Math.min(...a.map((c) => c.employees.length))).toBe(1);
    expect(Math.max(...a.map((c) => c.employees.length))).toBe(300);
  });

  it('authorizes the company chosen on the consent page, redirects with code and state, and the real client reads it', async () => {
    const target = sandbox.companies()[1]!;
    const { status, code, state } = await authorize(target.uuid);
    const tokens = await oauth().exchangeCode(code, new Date());
    const client = createGustoClient({ baseUrl: sandbox.url, token: async () => tokens.accessToken });

    const info = await client.tokenInfo();
    const snap = await client.snapshot(info.resource?.uuid ?? '', '2026-11-22', () => new Date());

    expect([status, state]).toEqual([302, 's-1']);
    expect(info.resource?.uuid).toBe(target.uuid);
    expect(snap.activeEmployees).toBe(target.employees.filter((e) => e.onboarded && !e.terminations.some((t) => t.active)).length);
    expect(snap.activeEmployees).toBeGreaterThan(200);
  });

  it('makes the same employees on every read, and keeps a change made through mutate', () => {
    const [company] = seedGustoCompanies({ companies: 3 }).slice(1);
    const seeded = createGustoSandbox({ companies: [company!] });

    const before = company!.employees;
    seeded.mutate(company!.uuid, (c) => { c.employees[0]!.first_name = 'Changed'; });

    expect(seedGustoCompanies({ companies: 3 })[1]!.employees).toEqual(before);
    expect(company!.employees[0]!.first_name).toBe('Changed');
  });

  it('filters employees with onboarded_active as Gusto does: a rehire with an old termination is active, a leaver is not', async () => {
    const target = sandbox.companies()[4]!;
    sandbox.mutate(target.uuid, (c) => { c.employees.push(rehired(c, 9001, '2021-03-31', '2022-01-10')); });
    const tokens = await oauth().exchangeCode((await authorize(target.uuid)).code, new Date());
    const list = async (query: string) => (await (await fetch(`${sandbox.url}/v1/companies/${target.uuid}/employees?${query}`, { headers: { authorization: `Bearer ${tokens.accessToken}` } })).json()) as { uuid: string }[];

    const ready = await list('onboarded_active=true');
    const notReady = await list('onboarded_active=false');
    const all = await list('');

    const rehire = target.employees.at(-1)!;
    expect(ready.map((e) => e.uuid)).toContain(rehire.uuid);
    expect(ready).toHaveLength(target.employees.filter((e) => e === rehire || (e.onboarded && !e.terminations.some((t) => t.active))).length);
    expect(ready.length + notReady.length).toBe(all.length);
    expect(notReady.length).toBeGreaterThan(0);
    expect(rehire.terminated).toBe(true);
  });

  it('always shows the consent page, offering every company with one chosen, and redirects nowhere by itself', async () => {
    const res = await fetch(oauth().authorizeUrl('s'), { redirect: 'manual' });
    const page = await res.text();

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    for (const c of sandbox.companies()) expect(page).toContain(c.name.replace(/&/g, '&#38;'));
    expect(page.match(/ checked>/g)).toHaveLength(1);
    expect(page).toContain('value="allow"');
  });

  it('sends access_denied back when the admin presses Deny', async () => {
    const res = await approveGustoConsent(oauth().authorizeUrl('s-2'), { deny: true });
    const back = new URL(res.headers.get('location') ?? '');

    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('s-2');
    expect(back.searchParams.get('code')).toBeNull();
  });

  it('answers an unknown sandbox path with Gusto\'s not-found error object', async () => {
    const res = await fetch(`${sandbox.url}/v1/nothing-here`);

    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ errors: [{ error_key: 'request', category: 'not_found', message: 'The requested resource was not found.' }] });
  });

  it('rotates refresh tokens: the old one dies on first use', async () => {
    const tokens = await oauth().exchangeCode((await authorize()).code, new Date());

    const next = await oauth().refresh(tokens.refreshToken, new Date());
    const reuse = await oauth().refresh(tokens.refreshToken, new Date()).catch((e: unknown) => e);

    expect(next.refreshToken).not.toBe(tokens.refreshToken);
    expect(reuse).toMatchObject(deadGrant);
  });

  it('answers invalid_grant once the grant is revoked, and 401 to its access token', async () => {
    const target = sandbox.companies()[3]!;
    const tokens = await oauth().exchangeCode((await authorize(target.uuid)).code, new Date());
    sandbox.revokeGrants(target.uuid);

    const refresh = await oauth().refresh(tokens.refreshToken, new Date()).catch((e: unknown) => e);
    const call = await createGustoClient({ baseUrl: sandbox.url, token: async () => tokens.accessToken, retries: 0 }).tokenInfo().catch((e: unknown) => e);

    expect(refresh).toMatchObject(deadGrant);
    expect(call).toMatchObject({ kind: 'reconnect-needed', detail: { status: 401 } });
  });

  it('injects 429 with Retry-After and 5xx, which the client rides out', async () => {
    const tokens = await oauth().exchangeCode((await authorize()).code, new Date());
    const waits: number[] = [];
    const client = createGustoClient({ baseUrl: sandbox.url, token: async () => tokens.accessToken, sleep: async (ms) => { waits.push(ms); } });
    sandbox.faults.rateLimit(1, 2);
    sandbox.faults.serverError(1);

    const info = await client.tokenInfo();

    expect(info.resource?.type).toBe('Company');
    expect(waits[0]).toBe(2000);
    expect(waits).toHaveLength(2);
  });

  it('slows answers on request, and the client times out and retries instead of hanging', async () => {
    const tokens = await oauth().exchangeCode((await authorize()).code, new Date());
    const client = createGustoClient({ baseUrl: sandbox.url, token: async () => tokens.accessToken, timeoutMs: 50, retries: 1, sleep: async () => {} });
    sandbox.faults.slow(200);

    const failure = await client.tokenInfo().catch((e: unknown) => e);
    sandbox.faults.reset();

    expect(failure).toMatchObject({ kind: 'app-down', detail: { cause: 'timeout' } });
  });

  it('signs webhook deliveries with the verification token', async () => {
    let seen: { sig: string | undefined; body: string } = { sig: undefined, body: '' };
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString(); });
      req.on('end', () => { seen = { sig: req.headers['x-gusto-signature'] as string, body }; res.end('ok'); });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;

    await sandbox.sendWebhook(`http://127.0.0.1:${port}/hook`, { event_type: 'employee.created', resource_uuid: 'co' }, 'vt-1');
    server.close();

    expect(seen.sig).toBe(signGustoPayload(seen.body, 'vt-1'));
    expect(JSON.parse(seen.body)).toMatchObject({ event_type: 'employee.created', resource_uuid: 'co', resource_type: 'Company' });
  });
});

/** A loopback subscriber that records every POST it gets. */
const subscriber = async () => {
  const got: { signature: string | undefined; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => { got.push({ signature: req.headers['x-gusto-signature'] as string | undefined, body }); res.end('ok'); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/webhooks/gusto`;
  return { got, url, close: () => new Promise((r) => server.close(r)) };
};

describe('Gusto sandbox webhook subscriptions', () => {
  const subscriptions = () => createGustoWebhookSubscriptions({ baseUrl: sandbox.url, clientId: 'sandbox', clientSecret: 'sandbox', sleep: async () => {} });
  const tokenFor = async (body: Record<string, string>) =>
    (await (await fetch(`${sandbox.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as Record<string, unknown>;

  it('grants a system access token that manages subscriptions but reads no company, and refuses company tokens there', async () => {
    const system = await tokenFor({ grant_type: 'system_access', client_id: 'sandbox', client_secret: 'sandbox' });
    const company = await oauth().exchangeCode((await authorize()).code, new Date());

    const info = await fetch(`${sandbox.url}/v1/token_info`, { headers: { authorization: `Bearer ${String(system.access_token)}` } });
    const list = await fetch(`${sandbox.url}/v1/webhook_subscriptions`, { headers: { authorization: `Bearer ${company.accessToken}` } });

    expect(system).toMatchObject({ token_type: 'Bearer', expires_in: 7200 });
    expect(system.refresh_token).toBeUndefined();
    expect(info.status).toBe(401);
    expect(list.status).toBe(401);
  });

  it('POSTs an unsigned handshake after creating a subscription, confirms only that token, then signs events with it', async () => {
    const hook = await subscriber();
    const client = subscriptions();

    const created = await client.create(hook.url, ['Company', 'Employee']);
    await sandbox.settled();
    const handshake = JSON.parse(hook.got[0]?.body ?? '{}') as { verification_token: string; webhook_subscription_uuid: string };
    const id = created.ok ? created.value.id : '';
    const wrong = await client.verify(id, 'a-guess');
    const pendingStill = sandbox.subscriptions().find((x) => x.uuid === id)?.status;
    const right = await client.verify(id, handshake.verification_token);
    const listed = await client.list();
    await sandbox.emit({ event_type: 'employee.updated', resource_uuid: 'co-1', entity_type: 'Employee' });
    await sandbox.emit({ event_type: 'payroll.paid', resource_uuid: 'co-1', entity_type: 'Payroll' });
    await hook.close();

    expect(created).toMatchObject({ ok: true, value: { url: hook.url, status: 'pending', types: ['Company', 'Employee'] } });
    expect(hook.got[0]!.signature).toBeUndefined();
    expect(handshake.webhook_subscription_uuid).toBe(id);
    expect(wrong).toEqual({ ok: true, value: false });
    expect(pendingStill).toBe('pending');
    expect(right).toEqual({ ok: true, value: true });
    expect(listed.ok && listed.value.find((x) => x.id === id)?.status).toBe('verified');
    expect(hook.got).toHaveLength(2);
    expect(hook.got[1]!.signature).toBe(signGustoPayload(hook.got[1]!.body, handshake.verification_token));
    expect(JSON.parse(hook.got[1]!.body)).toMatchObject({ event_type: 'employee.updated', resource_type: 'Company', resource_uuid: 'co-1' });
  });

  it('answers a bad subscription with Gusto\'s 422 error object, and an unknown one with 404', async () => {
    const system = await tokenFor({ grant_type: 'system_access', client_id: 'sandbox', client_secret: 'sandbox' });
    const headers = { authorization: `Bearer ${String(system.access_token)}`, 'content-type': 'application/json' };

    const bad = await fetch(`${sandbox.url}/v1/webhook_subscriptions`, { method: 'POST', headers, body: JSON.stringify({ url: 'https://x.example/h', subscription_types: ['Nope'] }) });
    const unknown = await fetch(`${sandbox.url}/v1/webhook_subscriptions/nope/verify`, { method: 'PUT', headers, body: JSON.stringify({ verification_token: 't' }) });

    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ errors: [{ error_key: 'subscription_types', category: 'invalid_attribute_value' }] });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ errors: [{ category: 'not_found' }] });
  });

  it('marks a subscription unreachable when its handshake cannot be delivered, and resends it on request', async () => {
    const hook = await subscriber();
    await hook.close();
    const client = subscriptions();

    const created = await client.create(hook.url, ['Company']);
    await sandbox.settled();
    const id = created.ok ? created.value.id : '';
    const status = sandbox.subscriptions().find((x) => x.uuid === id)?.status;
    const resent = await client.resendToken(id);

    expect(status).toBe('unreachable');
    expect(resent).toEqual({ ok: true, value: undefined });
  });
});

describe('the Gusto sandbox\'s state file', () => {
  const dirs: string[] = [];
  afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
  const connectOnce = async (stateFile: string) => {
    const served = await startGustoSandbox({ count: 1, stateFile });
    const auth = createGustoPayrollAuth({ baseUrl: served.url, clientId: 'sandbox', clientSecret: 'sandbox', redirectUri, sleep: async () => {} });
    const code = new URL((await approveGustoConsent(auth.authorizeUrl('s'))).headers.get('location')!).searchParams.get('code')!;
    const tokens = await auth.exchangeCode(code, new Date());
    const again = await auth.exchangeCode(code, new Date());
    await served.close();
    return { tokens, again };
  };

  it('creates its folder when it does not exist yet (DATA_DIR unused with a database server)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gusto-sandbox-')); dirs.push(dir);
    const stateFile = join(dir, 'not-made-yet', 'gusto-sandbox.json');

    const { tokens } = await connectOnce(stateFile);

    expect(tokens.ok).toBe(true);
    expect(existsSync(stateFile)).toBe(true);
  });

  it('reports a failure to save as a storage problem, not invalid_grant, and keeps the code usable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gusto-sandbox-')); dirs.push(dir);
    writeFileSync(join(dir, 'a-file'), '');

    const { tokens, again } = await connectOnce(join(dir, 'a-file', 'gusto-sandbox.json'));

    expect(tokens).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
    expect(!tokens.ok && tokens.error.detail).toContain('could not save its grants');
    expect(again).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
  });
});

describe('the Gusto sandbox across a restart', () => {
  it('still honours the grants and tokens it issued before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gusto-sandbox-'));
    const stateFile = join(dir, 'state.json');
    const first = await startGustoSandbox({ count: 2, stateFile });
    const back = await approveGustoConsent(`${first.url}/oauth/authorize?response_type=code&redirect_uri=${encodeURIComponent('http://127.0.0.1:9/cb')}&state=s`);
    const code = new URL(back.headers.get('location')!).searchParams.get('code')!;
    const tokens = await (await fetch(`${first.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'authorization_code', code, redirect_uri: 'http://127.0.0.1:9/cb' }) })).json() as { access_token: string; refresh_token: string };
    await first.close();

    const second = await startGustoSandbox({ count: 2, stateFile });
    const info = await fetch(`${second.url}/v1/token_info`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    const refreshed = await fetch(`${second.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }) });
    await second.close();
    rmSync(dir, { recursive: true, force: true });

    expect(info.status).toBe(200);
    expect(refreshed.status).toBe(200);
  });
});
