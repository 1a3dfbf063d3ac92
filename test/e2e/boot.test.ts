import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { typeInto } from '../support/shell.js';
import { startBot } from '../../src/main.js';
import { databaseKind, freshServerDatabase } from '../support/db.js';

let dataDir: string;
/** On a real server, a database of its own; embedded, the bot starts its own server in DATA_DIR as `npm start` does. */
let server: Awaited<ReturnType<typeof freshServerDatabase>> | null;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ignition-e2e-'));
  server = databaseKind() === 'postgresql' ? await freshServerDatabase() : null;
  env = { DATA_DIR: dataDir, PORT: '0', ...(server ? { DATABASE_URL: server.url } : {}) };
});
afterAll(async () => {
  await server?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const shell = typeInto;

describe(`the composed bot on the ${databaseKind()} database`, { timeout: 90_000 }, () => {
  it('boots, answers health and readiness, keeps a client across a restart', async () => {
    const first = await startBot(env, { mode: 'shell', logLevel: 'silent', write: () => {} });
    const health = await fetch(`${first.url}/healthz`);
    const ready = await fetch(`${first.url}/readyz`);
    const added = await shell(first, 'client add Acme Ltd email=accounts@acme.example\n');
    await first.stop();

    const second = await startBot(env, { mode: 'shell', logLevel: 'silent', write: () => {} });
    const listed = await shell(second, '/ignition clients\n');
    await second.stop();

    expect(health.status).toBe(200);
    expect(ready.status).toBe(200);
    expect(added).toContain('✓ Added Acme Ltd');
    expect(listed).toContain('• Acme Ltd');
    expect(listed).toContain('accounts@acme.example');
  });
});
