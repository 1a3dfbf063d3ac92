import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveGustoConsent } from '../../adapters/sandbox/gusto.js';
import { startBot, type RunningBot } from '../../src/main.js';
import { databaseKind, freshServerDatabase } from '../support/db.js';

const secret = 'test-signing-secret';
let dataDir: string;
let server: Awaited<ReturnType<typeof freshServerDatabase>>;
let bot: RunningBot;
let hook: Server;
let hookUrl: string;
const posted: { text?: string; blocks?: unknown[]; replace_original?: boolean }[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ignition-slack-e2e-'));
  server = await freshServerDatabase();
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => { posted.push(JSON.parse(body)); res.end('ok'); });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  const address = hook.address();
  hookUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;
  bot = await startBot({
    DATA_DIR: dataDir, PORT: '0', SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: secret,
    ...(server ? { DATABASE_URL: server.url } : {}),
  }, { mode: 'service', logLevel: 'silent' });
});
afterAll(async () => {
  await bot?.stop();
  await new Promise((resolve) => hook.close(resolve));
  await server?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const slashCommand = async (text: string) => {
  const body = new URLSearchParams({
    command: '/ignition', text, team_id: 'T1', team_domain: 'firm', user_id: 'U1', user_name: 'ada', channel_id: 'C1',
    channel_name: 'ops', response_url: hookUrl, trigger_id: `trigger-${text}-${Date.now()}`, api_app_id: 'A1', token: 'legacy',
  }).toString();
  const timestamp = Math.floor(Date.now() / 1000).toString();
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const started = Date.now();
  const res = await fetch(`${bot.url}/slack/events`, {
    method: 'POST', body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature },
  });
  return { res, ms: Date.now() - started };
};

const until = async (found: () => boolean, ms = 20_000) => {
  const deadline = Date.now() + ms;
  while (!found() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
};

describe(`Slack end to end on the ${databaseKind()} database`, () => {
  it('acks /ignition sync at once and posts the sync result to its response_url', async () => {
    await slashCommand('setup');
    const connect = await bot.app.core.handle({ identity: { platform: 'slack', workspaceId: 'T1', userId: 'U1' }, displayName: 'ada', text: 'connect gusto' });
    const link = JSON.stringify(connect.cards).match(/"url":"([^"]+oauth\/authorize[^"]+)"/)?.[1];
    expect((await approveGustoConsent(link!, { follow: true })).status).toBe(200);
    posted.length = 0;

    const { res, ms } = await slashCommand('sync');
    await until(() => posted.some((p) => JSON.stringify(p).includes('Gusto sync finished')));

    expect(res.status).toBe(200);
    expect(ms).toBeLessThan(3_000);
    const result = posted.find((p) => JSON.stringify(p).includes('Gusto sync finished'));
    expect(result?.blocks?.length).toBeGreaterThan(0);
    expect(JSON.stringify(result)).toContain('Sandbox');
  });

  it('refuses a forged slash command with 401 and runs nothing', async () => {
    const res = await fetch(`${bot.url}/slack/events`, {
      method: 'POST', body: 'command=%2Fignition&text=sync&team_id=T1&user_id=U1',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)), 'x-slack-signature': 'v0=forged' },
    });

    expect(res.status).toBe(401);
  });
});
