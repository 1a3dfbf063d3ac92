import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveGustoConsent } from '../../adapters/sandbox/gusto.js';
import { newHire } from '../../adapters/sandbox/seed.js';
import { gustoShellApp } from '../builders/gusto-app.js';
import { openTestOrm, type TestDatabase } from '../support/db.js';

let db: TestDatabase;
let app: Awaited<ReturnType<typeof gustoShellApp>>;
beforeAll(async () => { db = await openTestOrm(); app = await gustoShellApp(db, { companies: 3 }); });
afterAll(async () => { await app.close(); await db.close(); });

const activeCount = (c: { employees: { onboarded: boolean; terminations: { active: boolean }[] }[] }) =>
  c.employees.filter((e) => e.onboarded && !e.terminations.some((t) => t.active)).length;
const linkIn = (text: string) => /Connect your account: (\S+)/.exec(text)?.[1] ?? '';

describe('Gusto through the shell, against the sandbox', () => {
  it('connects, syncs, lists the companies as clients, then picks up exactly one change', async () => {
    const companies = app.sandbox.companies();
    for (const _ of companies) {
      const card = await app.type('connect gusto');
      const page = await approveGustoConsent(linkIn(card), { follow: true });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Connected:');
    }

    const synced = await app.type('sync');
    const listed = await app.type('clients');

    expect(synced).toContain('Gusto sync finished (Sandbox)');
    expect(synced).toMatch(/Unchanged:\s+3/);
    for (const c of companies) expect(listed).toContain(c.name);
    for (const c of companies) expect(listed).toContain(`${activeCount(c)} active employee`);

    const target = companies[2]!;
    const before = activeCount(target);
    app.sandbox.mutate(target.uuid, (c) => { c.employees.push(newHire(c, 1)); });

    const again = await app.type('sync gusto');

    expect(again).toMatch(/Created:\s+0/);
    expect(again).toMatch(/Updated:\s+1/);
    expect(again).toMatch(/Unchanged:\s+2/);
    expect(again).toContain(`Updated: ${target.name}`);
    expect(again).toContain(`active employees: ${before} → ${before + 1}`);
    expect(again.match(/• Updated:/g)).toHaveLength(1);
    expect(await app.type('clients')).toContain(`${before + 1} active employee`);
  });

  it('shows the Gusto tile as Enabled with the companies, last and next sync', async () => {
    const tile = await app.type('apps');

    expect(tile).toContain('Gusto: Enabled (Sandbox)');
    expect(tile).toContain(app.sandbox.companies()[0]!.trade_name ?? app.sandbox.companies()[0]!.name);
    expect(tile).toMatch(/Next sync:\s+\w{3} \d+ \w{3}, 06:00 \(Europe\/London\)/);
  });

  it('sets a client\'s sync level and refuses a bad one without changing anything', async () => {
    const name = app.sandbox.companies()[0]!.name;

    const bad = await app.type(`client-sync "${name}" some`);
    const good = await app.type(`client-sync "${name}" names`);

    expect(bad).toContain('Sync level not recognised');
    expect(good).toContain(`Sync level for ${name}: names only`);
  });
});
