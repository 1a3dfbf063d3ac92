import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { median, round, type Row } from './report.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const readyTimeoutMs = 90_000;
const stopTimeoutMs = 30_000;
const idleMs = 5_000;

export type Started = { readonly child: ChildProcess; readonly port: number; readonly readyMs: number; output(): string };
type Stopped = { readonly ms: number; readonly code: number | string };

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

/**
 * The offline bot on the embedded database: no chat or provider credentials, so nothing leaves the
 * machine; `extra` adds what a section needs (a Slack signing secret, a DATABASE_URL).
 */
const botEnv = (dataDir: string, port: number, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  for (const key of Object.keys(env)) {
    if (key === 'DATABASE_URL' || key === 'SMTP_URL' || /^(SLACK|MICROSOFT|TEAMS|GUSTO)_/.test(key)) delete env[key];
  }
  return { ...env, ...extra };
};

/** Spawns the bot and polls /readyz; the clock starts just before spawn, as a user's would. */
export async function startBot(dataDir: string, extra: NodeJS.ProcessEnv = {}): Promise<Started> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['scripts/start.mjs'], { cwd: root, env: botEnv(dataDir, port, extra), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => { output = (output + chunk.toString()).slice(-4000); };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const tail = () => output.trim();
  while (performance.now() - started < readyTimeoutMs) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`bot exited (${child.exitCode ?? child.signalCode}) before ready: ${tail()}`);
    const status = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(1000) }).then((r) => r.status, () => 0);
    if (status === 200) return { child, port, readyMs: performance.now() - started, output: tail };
    await sleep(20);
  }
  child.kill('SIGKILL');
  throw new Error(`bot not ready after ${readyTimeoutMs} ms: ${tail()}`);
}

/** SIGTERM and time the exit; a bot that hangs is killed and its "code" says so. */
export async function stopBot(child: ChildProcess): Promise<Stopped> {
  const started = performance.now();
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
  const code = await exited;
  clearTimeout(timer);
  const ms = performance.now() - started;
  return { ms, code: ms >= stopTimeoutMs ? `killed after ${stopTimeoutMs} ms` : code };
}

/** Resident and peak memory from /proc (Linux); NaN elsewhere so the row says n/a rather than lying. */
export const memoryMiB = (pid: number, field: 'VmRSS' | 'VmHWM'): number => {
  try {
    const kb = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? round(Number(kb) / 1024, 1) : Number.NaN;
  } catch {
    return Number.NaN;
  }
};

/**
 * The embedded server's memory, apart from the bot's: its postmaster and every backend and helper
 * process under it, summed as PSS (shared buffers counted once, not once per process). Linux only.
 */
const databaseMiB = (dataDir: string): number => {
  try {
    const postmaster = Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const children = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((pid) => {
      try { return /PPid:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] === String(postmaster); } catch { return false; }
    });
    const kb = [String(postmaster), ...children].reduce((sum, pid) => {
      try { return sum + Number(/Pss:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0); } catch { return sum; }
    }, 0);
    return kb ? round(kb / 1024, 1) : Number.NaN;
  } catch {
    return Number.NaN;
  }
};

type Run = { readyMs: number; rssMiB: number; peakMiB: number; databaseMiB: number; stop: Stopped };

/** One start → idle → stop cycle; the child is always reaped, even when a step throws. */
async function cycle(dataDir: string): Promise<Run> {
  const bot = await startBot(dataDir);
  try {
    await sleep(idleMs);
    const pid = bot.child.pid ?? -1;
    const rssMiB = memoryMiB(pid, 'VmRSS');
    const peakMiB = memoryMiB(pid, 'VmHWM');
    const dbMiB = databaseMiB(dataDir);
    const stop = await stopBot(bot.child);
    if (stop.code !== 0) process.stderr.write(`bench: bot exited with ${stop.code}; its output:\n${bot.output()}\n`);
    return { readyMs: bot.readyMs, rssMiB, peakMiB, databaseMiB: dbMiB, stop };
  } finally {
    if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGKILL');
  }
}

const mib = (n: number): number | string => (Number.isNaN(n) ? 'n/a' : n);

const coldRuns = 5;
const warmRuns = 3;

/** Cold starts on fresh data folders, then warm starts on the last one; idle memory and shutdown each time. */
export async function benchColdStart(): Promise<Row[]> {
  const dirs: string[] = [];
  const fresh = () => {
    const d = mkdtempSync(join(tmpdir(), 'ignition-bench-'));
    chmodSync(d, 0o711); // as root, the database server's own user must reach its cluster
    dirs.push(d);
    return d;
  };
  try {
    const cold: Run[] = [];
    for (let i = 0; i < coldRuns; i++) cold.push(await cycle(fresh()));
    const warm: Run[] = [];
    for (let i = 0; i < warmRuns; i++) warm.push(await cycle(dirs.at(-1)!));
    const ready = cold.map((r) => r.readyMs);
    const warmReady = warm.map((r) => r.readyMs);
    const rss = [...cold, ...warm].map((r) => r.rssMiB);
    const database = [...cold, ...warm].map((r) => r.databaseMiB);
    const stops = [...cold, ...warm].map((r) => r.stop.ms);
    return [
      { name: `cold start to /readyz, median of ${coldRuns} (goal ≤ 5,000)`, value: round(median(ready)), unit: 'ms' },
      { name: `cold start to /readyz, max of ${coldRuns}`, value: round(Math.max(...ready)), unit: 'ms' },
      { name: `warm start to /readyz (existing data dir), median of ${warmRuns} (goal ≤ 2,000)`, value: round(median(warmReady)), unit: 'ms' },
      { name: `warm start to /readyz, max of ${warmRuns}`, value: round(Math.max(...warmReady)), unit: 'ms' },
      { name: `bot idle RSS after ${idleMs / 1000} s, median (goal ≤ 200)`, value: mib(median(rss)), unit: 'MiB' },
      { name: 'bot idle RSS, max', value: mib(Math.max(...rss)), unit: 'MiB' },
      { name: 'bot peak RSS (VmHWM) by then, max', value: mib(Math.max(...[...cold, ...warm].map((r) => r.peakMiB))), unit: 'MiB' },
      { name: 'database server idle, all its processes (PSS), median', value: mib(median(database)), unit: 'MiB' },
      { name: 'shutdown after SIGTERM, median', value: round(median(stops)), unit: 'ms' },
      { name: 'shutdown after SIGTERM, max', value: round(Math.max(...stops)), unit: 'ms' },
      { name: `exit codes (${coldRuns} cold, ${warmRuns} warm)`, value: [...cold, ...warm].map((r) => r.stop.code).join(', '), unit: '' },
    ];
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}
