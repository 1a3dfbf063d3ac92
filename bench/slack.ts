/**
 * Slack ack path: signed `/ignition help` slash commands at 50 concurrent keep-alive connections on
 * loopback, against our fastify receiver (signature, dedupe, Bolt, chat core, Block Kit) and, in the same
 * run, a stock Bolt HTTPReceiver app acking the same Block Kit. Then event-loop lag while a long job runs.
 * Load generator and servers share one process, so absolute numbers are conservative; the ratio is fair.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Fastify from 'fastify';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { card } from '../src/cards.js';
import { createChatCore } from '../src/commands/core.js';
import type { Command } from '../src/commands/command.js';
import { registerSlackRoutes } from '../adapters/slack/routes.js';
import { signatureFor } from '../adapters/slack/signature.js';
import { renderCards } from '../adapters/slack/views/message.js';
import { createSlackReplies } from '../adapters/slack/replies.js';
import { helpCards } from '../src/commands/help.js';
import { webApi } from '@slack/bolt';
import { InMemoryAuditLog, InMemoryPracticeStore, InMemoryUserStore } from '../test/fakes/in-memory-practice.js';
import { InMemoryDeliveryLedger } from '../test/fakes/in-memory-chat.js';

const secret = 'bench-signing-secret';
const concurrency = 50;
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

const commands: Command[] = [
  { verb: 'sync', usage: 'sync', summary: 'Sync every connected app now', group: 'Apps', run: async () => [card('Sync started')] },
  { verb: 'clients', usage: 'clients [search]', summary: 'Find clients', group: 'Clients', run: async () => [card('Clients')] },
];
const core = () => createChatCore({
  practices: new InMemoryPracticeStore(), users: new InMemoryUserStore(), audit: new InMemoryAuditLog(),
  clock: { now: () => new Date() }, ids: { next: (() => { let n = 0; return () => `id-${++n}`; })() },
  commands, roleForNewUser: () => 'staff',
});

let trigger = 0;
const signedRequest = () => {
  const body = new URLSearchParams({
    team_id: 'T1', channel_id: 'C1', channel_name: 'general', user_id: `U${trigger % 40}`, user_name: 'ann', command: '/ignition',
    text: 'help', response_url: 'http://127.0.0.1:9/none', trigger_id: `t-${++trigger}`, api_app_id: 'A1',
  }).toString();
  const ts = String(Math.floor(Date.now() / 1000));
  return { body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)), 'x-slack-request-timestamp': ts, 'x-slack-signature': signatureFor(secret, ts, body) } };
};

const post = (agent: http.Agent, port: number, r: ReturnType<typeof signedRequest>) =>
  new Promise<number>((resolve, reject) => {
    const started = performance.now();
    const req = http.request({ host: '127.0.0.1', port, path: '/slack/events', method: 'POST', headers: r.headers, agent }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`status ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(r.body);
  });

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

/** Sends `total` pre-signed commands over `concurrency` connections; returns latency quantiles and throughput. */
async function load(port: number, total: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const requests = Array.from({ length: total }, signedRequest);
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < requests.length) latencies.push(await post(agent, port, requests[next++]!));
  }));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), rps: total / seconds };
}

async function ourServer() {
  const app = Fastify();
  await registerSlackRoutes(app, { signingSecret: secret, botToken: 'xoxb-bench', core: core(), ledger: new InMemoryDeliveryLedger(), log: quiet, botUserId: 'UBOT' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { port: (app.server.address() as AddressInfo).port, close: () => app.close() };
}

async function stockServer() {
  const receiver = new HTTPReceiver({ signingSecret: secret, endpoints: '/slack/events', logLevel: LogLevel.ERROR });
  const app = new App({ receiver, authorize: async () => ({ botToken: 'xoxb-bench', botUserId: 'UBOT' }), logLevel: LogLevel.ERROR });
  const [help] = renderCards(helpCards(commands, ''));
  app.command('/ignition', async ({ ack }) => { await ack({ response_type: 'ephemeral', ...help! }); });
  const server = (await app.start({ host: '127.0.0.1', port: 0 })) as http.Server;
  return { port: (server.address() as AddressInfo).port, close: () => app.stop() };
}

/** A sync-like job: 2,000 clients processed in small awaited steps, progress posted every 250 to a local hook. */
async function longJob(hookPort: number) {
  const replies = createSlackReplies({ client: new webApi.WebClient('xoxb-bench'), log: quiet });
  const target = { platform: 'slack' as const, ref: { team: 'T1', user: 'U1', responseUrl: `http://127.0.0.1:${hookPort}/hook` } };
  const handle = await replies.post(target, card('Syncing', { text: '0 of 2000 clients' }));
  for (let i = 1; i <= 2000; i++) {
    JSON.stringify(renderCards([card(`Client ${i}`, { fields: [{ label: 'Employees', value: String(i % 50) }] })]));
    await new Promise((r) => setImmediate(r));
    if (i % 250 === 0) await replies.update(target, handle!, card('Syncing', { text: `${i} of 2000 clients` }));
  }
}

export async function benchSlack(): Promise<Record<string, number | string>> {
  const ours = await ourServer();
  const stock = await stockServer();
  const total = 4000;
  await load(ours.port, 500);
  await load(stock.port, 500);
  const a1 = await load(ours.port, total);
  const b1 = await load(stock.port, total);
  const a2 = await load(ours.port, total);
  const b2 = await load(stock.port, total);
  const mean = (x: number, y: number) => (x + y) / 2;
  const our = { p50: mean(a1.p50, a2.p50), p99: mean(a1.p99, a2.p99), rps: mean(a1.rps, a2.rps) };
  const bolt = { p50: mean(b1.p50, b2.p50), p99: mean(b1.p99, b2.p99), rps: mean(b1.rps, b2.rps) };

  const hook = http.createServer((req, res) => { req.resume(); req.on('end', () => res.end('ok')); });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  const quietLag = monitorEventLoopDelay({ resolution: 5 });
  quietLag.enable();
  const idle = await load(ours.port, 2000);
  quietLag.disable();
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  const [during] = await Promise.all([load(ours.port, 2000), longJob((hook.address() as AddressInfo).port)]);
  lag.disable();
  hook.close();
  await ours.close();
  await stock.close();
  const round = (n: number, d = 2) => Number(n.toFixed(d));
  return {
    'connections': concurrency,
    'requests per run': total,
    'ours: ack p50 ms': round(our.p50), 'ours: ack p99 ms': round(our.p99), 'ours: requests/s': round(our.rps, 0),
    'stock Bolt HTTPReceiver: ack p50 ms': round(bolt.p50), 'stock Bolt HTTPReceiver: ack p99 ms': round(bolt.p99), 'stock Bolt HTTPReceiver: requests/s': round(bolt.rps, 0),
    'throughput ratio (ours / stock)': round(our.rps / bolt.rps),
    'ack p99 ratio (ours / stock)': round(our.p99 / bolt.p99),
    'same load, no job: ack p99 ms': round(idle.p99),
    'same load, no job: event-loop lag p99 ms': round(quietLag.percentile(99) / 1e6),
    'during long job: ack p99 ms': round(during.p99),
    'during long job: requests/s': round(during.rps, 0),
    'during long job: event-loop lag p99 ms': round(lag.percentile(99) / 1e6),
  };
}

if (process.argv[1]?.endsWith('slack.ts')) console.table(await benchSlack());
