/**
 * Proof that the app seam is general: a test-only app, registered beside Gusto through the same
 * registry path, connects through the shared verbs and OAuth callback, syncs clients two-way under
 * every field policy (a conflict included) and has its writes sent through the outbox — while no
 * line of src/ outside the registry knows its name.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { RequestContext } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveGustoConsent } from '../../adapters/sandbox/gusto.js';
import type { PracticeId } from '../../domain/shared/ids.js';
import { gustoShellApp } from '../builders/gusto-app.js';
import { fakeAppDeclaration, fakeAppId, registerFakeApp } from '../fakes/fake-app/registration.js';
import { FakeOutsideApp } from '../fakes/fake-app/service.js';
import { openTestOrm, type TestDatabase } from '../support/db.js';

let db: TestDatabase;
let app: Awaited<ReturnType<typeof gustoShellApp>>;
const fake = new FakeOutsideApp([
  { name: 'Alpha Ltd', email: 'hello@alpha.test', phone: '0100', website: 'alpha.test', fax: 'F-1', taxRegistered: true },
  { name: 'Beta LLP', phone: '020 7946 0200' },
  { name: 'Gamma Co', email: 'gamma@gamma.test' },
]);

beforeAll(async () => {
  db = await openTestOrm();
  app = await gustoShellApp(db, { companies: 1, also: (ctx) => [registerFakeApp(fake, ctx, { clock: { now: () => new Date() } })] });
}, 120_000);
afterAll(async () => { await app?.close(); await db?.close(); });

const linkIn = (text: string) => /Connect your account: (\S+)/.exec(text)?.[1] ?? '';
const client = (name: string) => RequestContext.create(db.orm.em, async () => {
  const [practice] = await app.stores.practices.list();
  const [found] = await app.stores.clients.findByName(practice!.id as PracticeId, name);
  return found!;
});
const record = (name: string) => fake.byName(name)!;

describe('a fake app on the seam, beside Gusto', () => {
  it('says there is nothing to sync while no app is connected', async () => {
    const reply = await app.type('sync');

    expect(reply).toContain('No app is connected');
    expect(reply).toContain(`Connect ${fakeAppDeclaration.name}`);
  });

  it('connects through `connect` and the shared OAuth callback, and brings every page of clients in', async () => {
    const card = await app.type(`connect ${fakeAppId}`);
    const back = fake.approve(linkIn(card));
    expect(back.startsWith(`${app.address}/oauth/${fakeAppId}/callback?`)).toBe(true);

    const page = await fetch(back);

    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Connected:');
    expect(fake.calls.filter((c) => c === 'GET /clients')).toHaveLength(2);
    const listed = await app.type('clients');
    for (const name of ['Alpha Ltd', 'Beta LLP', 'Gamma Co']) expect(listed).toContain(name);
    const alpha = await client('Alpha Ltd');
    expect(alpha).toMatchObject({ email: 'hello@alpha.test', phone: '0100', website: 'alpha.test', fax: 'F-1' });
    // outbound-on-accept: never read by a sync.
    expect(alpha.taxRegistered).toBeUndefined();
  });

  it('`sync` with no app named syncs every connected app', async () => {
    const consent = await approveGustoConsent(linkIn(await app.type('connect gusto')), { follow: true });
    expect(consent.status).toBe(200);

    const reply = await app.type('sync');

    expect(reply).toContain('Gusto sync finished (Sandbox)');
    expect(reply).toContain(`${fakeAppDeclaration.name} sync finished`);
  });

  it('copies an app-side change to us and writes ours to the app through the outbox', async () => {
    fake.edit(record('Alpha Ltd').id, { phone: '0101' });
    await app.type(`sync ${fakeAppId}`);
    expect((await client('Alpha Ltd')).phone).toBe('0101');

    await app.type('client edit "Alpha Ltd" email=accounts@alpha.test');
    await app.type(`sync ${fakeAppId}`);

    // Recorded after the link's pending state, then drained (no scheduler here: the wake drains in place).
    const alpha = await client('Alpha Ltd');
    expect(record('Alpha Ltd')).toMatchObject({ email: 'accounts@alpha.test', reference: alpha.id });
    expect(fake.records.size).toBe(3);
    const again = await app.type(`sync ${fakeAppId}`);
    expect(again).toMatch(/Unchanged:\s+3/);
    expect(again).toContain(`Checked 3 ${fakeAppDeclaration.name} clients`);
  });

  it('lets the app win an inbound field, copies a first-sync-only field once, and leaves outbound-on-accept alone', async () => {
    await app.type('client edit "Alpha Ltd" website=ours.test');
    fake.edit(record('Alpha Ltd').id, { fax: 'F-2', taxRegistered: false });

    await app.type(`sync ${fakeAppId}`);

    const alpha = await client('Alpha Ltd');
    expect(alpha.website).toBe('alpha.test');
    expect(alpha.fax).toBe('F-1');
    expect(alpha.taxRegistered).toBeUndefined();
    expect(record('Alpha Ltd').website).toBe('alpha.test');
  });

  it('shows a conflict with Keep ours / Keep theirs, and keeping ours writes it to the app', async () => {
    fake.edit(record('Beta LLP').id, { phone: '020 7946 0201' });
    await app.type('client edit "Beta LLP" phone="020 7946 0299"');
    await app.type(`sync ${fakeAppId}`);

    const shown = await app.type('conflicts');

    expect(shown).toContain(`Beta LLP: phone (${fakeAppDeclaration.name})`);
    expect(shown).toContain('020 7946 0299');
    expect(shown).toContain('020 7946 0201');
    expect(shown).toContain('Keep ours');
    expect(shown).toContain('Keep theirs');
    expect(record('Beta LLP').phone).toBe('020 7946 0201');

    const kept = await app.type(`resolve-conflict "Beta LLP" phone ours app=${fakeAppId}`);

    expect(kept).toContain(`queued for ${fakeAppDeclaration.name}`);
    expect(record('Beta LLP').phone).toBe('020 7946 0299');
    expect(await app.type(`sync ${fakeAppId}`)).toMatch(/Unchanged:\s+3/);
    expect(await app.type('conflicts')).toContain('No sync conflicts');
  });

  it('keeping theirs copies the app\'s value to us', async () => {
    fake.edit(record('Gamma Co').id, { email: 'new@gamma.test' });
    await app.type('client edit "Gamma Co" email=ours@gamma.test');
    await app.type(`sync ${fakeAppId}`);

    await app.type(`resolve-conflict "Gamma Co" email theirs app=${fakeAppId}`);

    expect((await client('Gamma Co')).email).toBe('new@gamma.test');
  });

  it('honours `client-sync CLIENT APP names`: the name syncs, nothing else does', async () => {
    const set = await app.type(`client-sync "Gamma Co" ${fakeAppId} names`);
    expect(set).toContain('names only');
    fake.edit(record('Gamma Co').id, { name: 'Gamma Group', email: 'other@gamma.test' });

    await app.type(`sync ${fakeAppId}`);

    const gamma = await client('Gamma Group');
    expect(gamma).toBeDefined();
    expect(gamma.email).toBe('new@gamma.test');
  });

  it('no line of src/ outside the registry knows the fake app', () => {
    const grep = (word: string) => {
      try {
        return execFileSync('grep', ['-rniF', word, join(import.meta.dirname, '../../src')], { encoding: 'utf8' });
      } catch {
        return ''; // grep exits 1 when nothing matches
      }
    };
    expect(grep(fakeAppId)).toBe('');
    expect(grep(fakeAppDeclaration.name)).toBe('');
  });
});
