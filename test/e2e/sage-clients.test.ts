import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveGustoConsent } from '../../adapters/sandbox/gusto.js';
import { approveSageConsent } from '../../adapters/sandbox/sage.js';
import { startBot, type RunningBot } from '../../src/main.js';
import { freshServerDatabase } from '../support/db.js';
import { typeInto } from '../support/shell.js';

let database: Awaited<ReturnType<typeof freshServerDatabase>>;
let bot: RunningBot;
let dataDir: string;

beforeAll(async () => {
  database = await freshServerDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'ignition-sage-clients-'));
  bot = await startBot({ DATA_DIR: dataDir, PORT: '0', DATABASE_URL: database.url }, { mode: 'shell', logLevel: 'silent', write: () => {} });
});
afterAll(async () => {
  await bot?.stop();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const type = (line: string): Promise<string> => typeInto(bot, line);
const local = (url: string) => { const u = new URL(url); return `${bot.url}${u.pathname}${u.search}`; };
const linkIn = (text: string) => /Connect your account: (\S+)/.exec(text)?.[1] ?? '';

describe('scratch', { timeout: 120_000 }, () => {
  it('prints', async () => {
    const gusto = bot.app.gusto.sandbox!;
    const company = gusto.companies().find((c) => c.name === 'Coastal Dental 1 LLC')!;
    await approveGustoConsent(local(linkIn(await type('connect gusto'))), { company: company.uuid, follow: true });
    const sage = bot.app.sage.sandbox!;
    const uk = sage.businesses().find((b) => b.currency === 'GBP')!;
    const back = (await approveSageConsent(local(linkIn(await type('connect sage'))))).headers.get('location') ?? '';
    await fetch(local(back));
    console.log(await type(`connect sage ${uk.id}`));
    console.log(await type('clients'));
    console.log(await type('sync sage'));
    console.log(await type('apps'));
    console.log(await type('clients import sage'));
    console.log(await type('client add "Acme Co Limited"'));
    const acme = sage.contacts(uk.id).find((c) => c.name === 'Acme Co Ltd')!;
    console.log(await type(`clients import sage convert ${acme.id}`));
    const coastal = sage.contacts(uk.id).find((c) => c.name === 'Coastal Dental 1 LLC')!;
    console.log(await type(`clients import sage convert ${coastal.id}`));
    console.log(await type('proposal new "Kingfisher Print"'));
    console.log(await type('clients import sage all'));
  });
});
