/**
 * The Slack ack path as a user's bot runs it: signed `/ignition help` and `/ignition clients` slash
 * commands at 50 concurrent keep-alive connections on loopback, against the composed bot
 * (`src/main.ts` in its own process: signature check, delivery dedupe, Bolt, tenant lookup, chat core,
 * audit, Block Kit) on the embedded PostgreSQL and, when one answers, on the PostgreSQL server — and,
 * in the same run, a stock Bolt HTTPReceiver app in its own process acking the same Block Kit.
 */
import { fork } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { signatureFor } from '../adapters/slack/signature.js';
import { memoryMiB, startBot, stopBot } from './cold-start.js';
import { serverDatabase } from './databases.js';

const secret = 'bench-signing-secret';
const concurrency = 50;
const total = 3000;
const users = 40;

let trigger = 0;
const signedRequest = (text: string) => {
  const body = new URLSearchParams({
    team_id: 'TBENCH', channel_id: 'C1', channel_name: 'general', user_id: `U${trigger % users}`, user_name: 'ann', command: '/ignition',
    text, response_url: 'http://127.0.0.1:9/none', trigger_id: `t-${++trigger}-${randomBytes(3).toString('hex')}`, api_app_id: 'A1',
  }).toString();
  const ts = String(Math.floor(Date.now() / 1000));
  return { body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)), 'x-slack-request-timestamp': ts, 'x-slack-signature': signatureFor(secret, ts, body) } };
};

/** Latency of one command; `deferred` when the bot acked empty (over its ack budget) and would post the card later. */
const post = (agent: http.Agent, port: number, r: ReturnType<typeof signedRequest>) =>
  new Promise<{ ms: number; deferred: boolean }>((resolve, reject) => {
    const started = performance.now();
    const req = http.request({ host: '127.0.0.1', port, path: '/slack/events', method: 'POST', headers: r.headers, agent }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString(); });
      res.on('end', () => (res.statusCode === 200
        ? resolve({ ms: performance.now() - started, deferred: !body.includes('blocks') })
        : reject(new Error(`status ${res.statusCode}: ${body.slice(0, 200)}`))));
    });
    req.on('error', reject);
    req.end(r.body);
  });

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

/** Sends `count` commands (signed as they are sent) over `concurrency` connections. */
async function load(port: number, count: number, text: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let sent = 0;
  let deferred = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (sent < count) {
      sent++;
      const answer = await post(agent, port, signedRequest(text));
      latencies.push(answer.ms);
      if (answer.deferred) deferred++;
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), rps: count / seconds, deferred };
}

type Target = { readonly name: string; readonly port: number; readonly pid: number; stop(): Promise<void> };

async function composedBot(name: string, databaseUrl?: string): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ignition-bench-slack-'));
  chmodSync(dataDir, 0o711);
  const bot = await startBot(dataDir, { SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: secret, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
  return {
    name, port: bot.port, pid: bot.child.pid ?? -1,
    async stop() {
      await stopBot(bot.child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function stockBolt(): Promise<Target> {
  const child = fork(fileURLToPath(new URL('stock-bolt.ts', import.meta.url)), [secret], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`stock Bolt app exited (${code})`)));
  });
  return {
    name: 'stock Bolt HTTPReceiver', port, pid: child.pid ?? -1,
    stop: () => new Promise<void>((done) => { child.once('exit', () => done()); child.kill('SIGTERM'); }),
  };
}

const round = (n: number, d = 1) => Number(n.toFixed(d));

export async function benchSlack(): Promise<Record<string, number | string>> {
  const server = await serverDatabase('ignition_bench_slack');
  const targets: Target[] = [await composedBot('bot on embedded PostgreSQL')];
  if (server) targets.push(await composedBot('bot on PostgreSQL server', server.url));
  targets.push(await stockBolt());
  const rows: Record<string, number | string> = { 'connections': concurrency, 'requests per measurement': total };
  try {
    // First contact for every user, and a warm JIT, before anything is measured.
    for (const t of targets) await load(t.port, 300, 'help');
    for (const text of ['help', 'clients']) {
      for (const t of targets) {
        if (t.name.startsWith('stock') && text !== 'help') continue;
        const r = await load(t.port, total, text);
        rows[`${t.name}, ${text}: ack p50 ms`] = round(r.p50);
        rows[`${t.name}, ${text}: ack p99${t.name.startsWith('bot') ? ' (goal ≤ 100)' : ''} ms`] = round(r.p99);
        rows[`${t.name}, ${text}: requests/s`] = round(r.rps, 0);
        if (r.deferred) rows[`${t.name}, ${text}: acked empty (over the 2 s ack budget)`] = r.deferred;
      }
    }
    for (const t of targets) rows[`${t.name}: RSS after the load MiB`] = memoryMiB(t.pid, 'VmRSS');
    return rows;
  } finally {
    for (const t of targets) await t.stop().catch(() => undefined);
    await server?.drop().catch(() => undefined);
  }
}

if (process.argv[1]?.endsWith('slack.ts')) console.table(await benchSlack());
