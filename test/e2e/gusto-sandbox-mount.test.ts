import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveGustoConsent } from '../../adapters/sandbox/gusto.js';
import { typeInto } from '../support/shell.js';
import { startBot, type RunningBot } from '../../src/main.js';
import { databaseKind, freshServerDatabase } from '../support/db.js';

const publicUrl = 'https://bot.example.com';
let dataDir: string;
let server: Awaited<ReturnType<typeof freshServerDatabase>>;
let bot: RunningBot;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ignition-sandbox-'));
  server = await freshServerDatabase();
  bot = await startBot({ DATA_DIR: dataDir, PORT: '0', PUBLIC_URL: publicUrl, ...(server ? { DATABASE_URL: server.url } : {}) }, { mode: 'shell', logLevel: 'silent', write: () => {} });
});
afterAll(async () => {
  await bot?.stop();
  await server?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const say = (line: string): Promise<string> => typeInto(bot, line);

/** The same path on the bot's own listener: what a reverse proxy in front of PUBLIC_URL would reach. */
const viaListener = (url: string) => { const u = new URL(url); return `${bot.url}${u.pathname}${u.search}`; };

describe(`the Gusto sandbox on the bot's own server (${databaseKind()} database)`, () => {
  it('hands out a consent link under PUBLIC_URL, serves it from the bot, and connects through the bot\'s callback', async () => {
    const card = await say('connect gusto');
    const link = /Connect your account: (\S+)/.exec(card)?.[1] ?? '';

    const consent = await fetch(viaListener(link));
    const back = await approveGustoConsent(viaListener(link));
    const callback = new URL(back.headers.get('location') ?? '');
    const done = await fetch(viaListener(callback.toString()));
    const missing = await fetch(`${bot.url}/sandbox/gusto/v1/nothing-here`);

    expect(link.startsWith(`${publicUrl}/sandbox/gusto/oauth/authorize?`)).toBe(true);
    expect(consent.status).toBe(200);
    expect(await consent.text()).toContain('choose the company to connect');
    expect(callback.origin + callback.pathname).toBe(`${publicUrl}/oauth/gusto/callback`);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Connected:');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ errors: [{ category: 'not_found' }] });
  });

  it('subscribes to Gusto\'s webhooks at start, keeps the token only after Gusto confirms it, and takes events signed with it', async () => {
    const sandbox = bot.app.gusto.sandbox!;
    const stored = () => bot.app.inScope(() => bot.app.gusto.webhooks.verificationToken());
    for (const deadline = Date.now() + 20_000; !(await stored()) && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 100));
    await sandbox.settled();
    const [subscription] = sandbox.subscriptions();

    const forged = await fetch(`${bot.url}/webhooks/gusto`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ verification_token: 'forged', webhook_subscription_uuid: subscription!.uuid }) });
    const deliveries = await sandbox.emit({ event_type: 'company.updated', resource_uuid: sandbox.companies()[0]!.uuid });

    expect(sandbox.subscriptions()).toHaveLength(1);
    expect(subscription).toMatchObject({ url: `${publicUrl}/webhooks/gusto`, status: 'verified' });
    expect(await stored()).toBe(subscription!.verification_token);
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ error: 'unauthorized', message: 'Gusto did not confirm this verification token; nothing was stored' });
    expect(await stored()).toBe(subscription!.verification_token);
    expect(deliveries).toEqual([200]);
  });
});
