import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startBot, type RunningBot } from '../../src/main.js';
import { freshServerDatabase } from './db.js';
import { typeInto } from './shell.js';

/**
 * The composed bot in shell mode for one e2e file: a fresh database and data folder before the file's
 * tests, both gone after. `type` is a person typing a line; `local` turns a PUBLIC_URL link into the
 * same path on the bot's own listener; `linkIn` finds a card's "Connect your account" link.
 */
export function shellBotForFile(name: string, o: { write?: (text: string) => void } = {}) {
  let database: Awaited<ReturnType<typeof freshServerDatabase>> | undefined;
  let bot: RunningBot | undefined;
  let dataDir: string | undefined;
  beforeAll(async () => {
    database = await freshServerDatabase();
    dataDir = mkdtempSync(join(tmpdir(), `ignition-${name}-`));
    bot = await startBot({ DATA_DIR: dataDir, PORT: '0', DATABASE_URL: database.url }, { mode: 'shell', logLevel: 'silent', write: o.write ?? (() => {}) });
  });
  afterAll(async () => {
    await bot?.stop();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  const running = (): RunningBot => {
    if (!bot) throw new Error('the bot has not started: use it inside a test');
    return bot;
  };
  return {
    bot: running,
    type: (line: string): Promise<string> => typeInto(running(), line),
    local: (url: string): string => { const u = new URL(url); return `${running().url}${u.pathname}${u.search}`; },
    linkIn: (text: string): string => /Connect your account: (\S+)/.exec(text)?.[1] ?? '',
  };
}
