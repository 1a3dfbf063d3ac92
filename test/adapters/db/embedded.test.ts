import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirInUseError, startEmbeddedDatabase } from '../../../adapters/db/embedded.js';

const dirs: string[] = [];
const freshDir = () => { const d = mkdtempSync(join(tmpdir(), 'ignition-embedded-')); dirs.push(d); return d; };
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

describe('the embedded database', () => {
  it('refuses a data folder another live process owns, naming that process', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'bot.pid'), '1'); // pid 1 is always alive

    const start = startEmbeddedDatabase(dir);

    await expect(start).rejects.toBeInstanceOf(DataDirInUseError);
    await expect(start).rejects.toThrow(/already in use by process 1\. Stop that bot first/);
  });

  it('takes over a lock left by a process that died, and keeps data between runs', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'bot.pid'), '999999');

    const first = await startEmbeddedDatabase(dir);
    const pg = await import('pg');
    const c1 = new pg.default.Client({ connectionString: first.url });
    await c1.connect();
    await c1.query('create table kept (v text)');
    await c1.query("insert into kept values ('still here')");
    await c1.end();
    await first.stop();
    const second = await startEmbeddedDatabase(dir);
    const c2 = new pg.default.Client({ connectionString: second.url });
    await c2.connect();
    const { rows } = await c2.query('select v from kept');
    await c2.end();
    await second.stop();

    expect(rows).toEqual([{ v: 'still here' }]);
  });
});
