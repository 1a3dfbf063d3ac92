/**
 * The XPM sandbox's large practice in a process of its own, for bench/xpm-bench.ts: the bench's RSS is
 * then the bot's alone, not the bot's plus 15,000 simulated clients and the XML the sandbox writes.
 * Usage (by xpm-bench.ts only): node --import tsx bench/xpm-sandbox-child.ts, with an IPC channel.
 * It sends what it serves once listening, then answers each request with one message.
 */
import { startXpmSandbox } from '../adapters/sandbox/xpm.js';
import { sandboxCredentials } from '../src/compose-sandboxes.js';

export type SandboxReady = { readonly url: string; readonly tenantId: string; readonly clients: number; readonly live: number; readonly contacts: number };
export type SandboxRequest = { readonly ask: 'reset' | 'calls' | 'rss' };
export type SandboxCalls = { readonly total: number; readonly routes: [string, number][] };

async function main(): Promise<void> {
  if (!process.send) throw new Error('xpm-sandbox-child.ts is started by bench/xpm-bench.ts with an IPC channel');
  const sandbox = await startXpmSandbox({ ...sandboxCredentials, size: 'large' });
  const all = sandbox.clients();
  const ready: SandboxReady = {
    url: sandbox.url, tenantId: sandbox.tenantId, clients: all.length,
    live: all.filter((c) => !c.isArchived && !c.isDeleted).length, contacts: all.reduce((n, c) => n + c.contacts.length, 0),
  };
  process.send(ready);
  process.on('message', (m: SandboxRequest) => {
    if (m.ask === 'reset') sandbox.calls.reset();
    const answer = m.ask === 'rss' ? { rss: process.memoryUsage().rss } : { total: sandbox.calls.total, routes: [...sandbox.calls.byRoute] };
    process.send!(answer);
  });
  // The bench ends this process when it is done (or dies: the channel closes).
  process.on('disconnect', () => { void sandbox.close().finally(() => process.exit(0)); });
}

main().catch((e: unknown) => { process.stderr.write(`xpm sandbox child failed: ${String(e)}\n`); process.exit(1); });
