import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataDirs } from '../support/data-dirs.js';

/** `npm start` as a user runs it, with a setting that cannot work: one line naming it, exit 1, nothing left behind. */
const root = fileURLToPath(new URL('../..', import.meta.url));
const dirs = dataDirs('ignition-start');
const freshDir = dirs.fresh;

const start = (env: Record<string, string>) => new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|TEST_DATABASE_URL|SLACK_|MICROSOFT_|GUSTO_)/.test(k)));
  const child = spawn(process.execPath, ['scripts/start.mjs'], { cwd: root, env: { ...clean, HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
  child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
  child.on('exit', (code) => resolve({ code, stderr, stdout }));
});

let busy: Server;
let busyPort = 0;
/** A port nothing listens on: the server there is down. */
let closedPort = 0;
const listen = async (server: Server): Promise<number> => {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
};
beforeAll(async () => {
  busy = createServer((socket) => socket.destroy());
  busyPort = await listen(busy);
  const gone = createServer();
  closedPort = await listen(gone);
  await new Promise((done) => gone.close(done));
});
afterAll(async () => {
  await new Promise((done) => busy.close(done));
  dirs.removeAll();
});

describe('start-up errors', { timeout: 90_000 }, () => {
  it('names PORT when it is taken, stops the embedded database and leaves no pid file', async () => {
    const dataDir = freshDir();

    const result = await start({ DATA_DIR: dataDir, PORT: String(busyPort) });

    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`ignition-bot: PORT: 127.0.0.1:${busyPort} is already in use by another program. Stop it, or set PORT to a free port.`);
    expect(existsSync(join(dataDir, 'bot.pid'))).toBe(false);
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  });

  it('names DATABASE_URL when the server cannot be reached', async () => {
    const result = await start({ DATA_DIR: freshDir(), PORT: '0', DATABASE_URL: `postgresql://nobody@127.0.0.1:${closedPort}/nothing` });

    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(new RegExp(`^ignition-bot: DATABASE_URL: cannot reach the PostgreSQL server at 127\\.0\\.0\\.1:${closedPort} \\(ECONNREFUSED\\)\\. Start it or correct DATABASE_URL`));
  });

  it('names DATA_DIR when it cannot be written', async () => {
    const file = join(freshDir(), 'a-file');
    writeFileSync(file, '');

    const result = await start({ DATA_DIR: join(file, 'data'), PORT: '0' });

    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^ignition-bot: DATA_DIR: cannot write to .*a-file\/data \(ENOTDIR\)\. [^\n]+$/);
  });
});
