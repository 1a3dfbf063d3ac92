import { describe, expect, it } from 'vitest';
import { offersClients, syncsClients } from '../../../src/apps/app.js';
import { syncMarkKey } from '../../../src/apps/offered-clients.js';
import type { Card } from '../../../src/cards.js';
import { offeringDeclaration, offeringWorld, type OfferingWorld } from '../../builders/offering-world.js';

const app = offeringDeclaration.id;
const toImport = async (w: OfferingWorld) =>
  (await w.stores.appClients.list(w.practice.id, app, { view: 'to-import', limit: 50, offset: 0 })).items.map((r) => r.name);
const clientName = async (w: OfferingWorld, id: string) => (await w.stores.clients.get(w.practice.id, id as never))?.name;
const mark = (w: OfferingWorld) => w.stores.flags.get(w.practice.id, syncMarkKey(app, 'biz-1'));
const rowTitles = (c: Card) => (c.rows ?? []).map((r) => r.title);

describe('syncing an app whose clients are offered for import', () => {
  it('is a syncing app: its daily schedule and `sync` verb come with it', () => {
    expect(offersClients(offeringDeclaration)).toBe(true);
    expect(syncsClients(offeringDeclaration)).toBe(true);
  });

  it('reads the whole list the first time and offers each customer for import, linking and creating nothing', async () => {
    const w = await offeringWorld();
    const t0 = w.clock.now();
    w.customers.put('cu-1', 'Alpha Ltd', t0);
    w.customers.put('cu-2', 'Beta LLP', t0);
    await w.stores.clients.save({ id: 'c-9' as never, practiceId: w.practice.id, status: 'client', name: 'Alpha Ltd', createdAt: t0, updatedAt: t0 });

    const out = await w.sync();

    expect(w.customers.calls).toEqual([null]);
    expect(await toImport(w)).toEqual(['Alpha Ltd', 'Beta LLP']);
    expect(await w.stores.links.list(w.practice.id, app)).toEqual([]);
    expect((await w.stores.clients.search(w.practice.id, '', { limit: 10, offset: 0 })).items.map((c) => c.name)).toEqual(['Alpha Ltd']);
    expect(out.card.text).toContain('2 new Fake Books customers are ready to import.');
    expect(out.card.fields).toContainEqual({ label: 'New to import', value: '2' });
    expect(out.card.buttons).toContainEqual({ label: 'Import Fake Books customers', command: `clients import ${app}`, style: 'primary' });
    expect(w.notifier.sent.map((s) => s.event)).toEqual(['sync.finished']);
  });

  it('reads from the start of the last complete sync, so an edit made at exactly that moment is not missed', async () => {
    const w = await offeringWorld({ syncNames: true });
    const t0 = w.clock.now();
    w.customers.put('cu-1', 'Alpha Ltd', new Date(t0.getTime() - 60_000));
    const alpha = await w.linked('cu-1', 'Alpha Ltd');
    await w.sync();
    w.customers.put('cu-1', 'Alpha Trading Ltd', t0);
    w.customers.put('cu-2', 'Gamma Co', t0);
    w.clock.advance(3_600_000);

    const out = await w.sync();

    expect(w.customers.calls).toEqual([null, t0]);
    expect(await clientName(w, alpha.id)).toBe('Alpha Trading Ltd');
    expect(await toImport(w)).toEqual(['Gamma Co']);
    expect(out.card.text).toContain('1 new Fake Books customer is ready to import.');
    expect(JSON.parse((await mark(w))!).at).toBe(w.clock.now().toISOString());
  });

  it('keeps the mark where it was when a sync fails, so the next one reads the same window again', async () => {
    const w = await offeringWorld();
    const t0 = w.clock.now();
    w.customers.put('cu-1', 'Alpha Ltd', t0);
    await w.sync();
    const before = await mark(w);
    w.clock.advance(60_000);
    w.customers.put('cu-2', 'Beta LLP', w.clock.now());
    w.customers.failNext = true;

    const failed = await w.sync();
    const afterFailure = await mark(w);
    w.clock.advance(60_000);
    await w.sync();

    expect(failed.card.title).toContain('sync failed');
    expect(failed.run?.counts.failed).toBe(1);
    expect(afterFailure).toBe(before);
    expect(w.customers.calls).toEqual([null, t0, t0]);
    expect(await toImport(w)).toEqual(['Alpha Ltd', 'Beta LLP']);
  });

  it('keeps the mark when bringing a linked client\'s name in fails part-way', async () => {
    const w = await offeringWorld({ syncNames: true });
    const t0 = w.clock.now();
    w.customers.put('cu-1', 'Alpha Ltd', t0);
    const alpha = await w.linked('cu-1', 'Alpha Ltd');
    await w.sync();
    w.clock.advance(60_000);
    w.customers.put('cu-1', 'Alpha Holdings Ltd', w.clock.now());
    const save = w.stores.links.saveSyncOutcome.bind(w.stores.links);
    w.stores.links.saveSyncOutcome = async () => { throw new Error('database went away'); };

    const failed = await w.sync();
    w.stores.links.saveSyncOutcome = save;
    w.clock.advance(60_000);
    await w.sync();

    expect(failed.run?.counts.failed).toBe(1);
    expect(w.customers.calls).toEqual([null, t0, t0]);
    expect(await clientName(w, alpha.id)).toBe('Alpha Holdings Ltd');
  });

  it('brings linked clients\' names in only with name sync on (renames read while it was off too), and as far as each sync level lets it', async () => {
    const w = await offeringWorld({ syncNames: false });
    const t0 = w.clock.now();
    w.customers.put('cu-1', 'Alpha Ltd', t0);
    w.customers.put('cu-2', 'Beta LLP', t0);
    const alpha = await w.linked('cu-1', 'Alpha Ltd', 'all');
    const beta = await w.linked('cu-2', 'Beta LLP', 'none');
    await w.sync();
    w.clock.advance(60_000);
    w.customers.put('cu-1', 'Alpha Holdings Ltd', w.clock.now());
    w.customers.put('cu-2', 'Beta Partners LLP', w.clock.now());
    w.clock.advance(60_000);

    const off = await w.sync();
    await w.setSyncNames(true);
    w.clock.advance(60_000);
    const on = await w.sync();

    expect(off.card.text).toContain('2 linked clients have changes in Fake Books that stay out while name sync is off');
    // No full re-read: the renames read while it was off are the stored records'.
    expect(w.customers.calls.at(-1)).not.toBeNull();
    expect(await clientName(w, alpha.id)).toBe('Alpha Holdings Ltd');
    expect(await clientName(w, beta.id)).toBe('Beta LLP');
    expect(on.run?.counts).toMatchObject({ updated: 1, skipped: 1, created: 0 });
    expect(rowTitles(on.card)).toEqual(['Updated: Alpha Holdings Ltd', 'Not updated: Beta LLP']);
    expect(on.card.text).toContain('1 linked client has changes in Fake Books that its sync level kept out');
    expect(w.stores.audit.events.at(-1)).toMatchObject({ action: 'client.overwritten', detail: { field: 'name', from: 'Alpha Ltd', to: 'Alpha Holdings Ltd' } });
  });

  it('takes the app\'s renames but not the difference a mapping was made across', async () => {
    const w = await offeringWorld({ syncNames: true });
    w.customers.put('cu-1', 'Acme Co Ltd', w.clock.now());
    const acme = await w.linked('cu-1', 'Acme Co Limited', 'all', 'Acme Co Ltd');
    await w.sync();
    const kept = await clientName(w, acme.id);
    w.clock.advance(60_000);
    w.customers.put('cu-1', 'Acme Group Ltd', w.clock.now());
    w.clock.advance(60_000);

    await w.sync();

    expect(kept).toBe('Acme Co Limited');
    expect(await clientName(w, acme.id)).toBe('Acme Group Ltd');
  });

  it('reports a linked record the app deleted and keeps the link', async () => {
    const w = await offeringWorld();
    const t0 = w.clock.now();
    w.customers.put('cu-1', 'Alpha Ltd', t0);
    w.customers.put('cu-2', 'Beta LLP', t0);
    await w.linked('cu-1', 'Alpha (ours)');
    await w.sync();
    w.clock.advance(60_000);
    w.customers.remove('cu-1', w.clock.now());
    w.customers.remove('cu-2', w.clock.now());

    const out = await w.sync();

    expect(rowTitles(out.card)).toEqual(['Deleted in Fake Books: Alpha Ltd']);
    expect(out.card.rows?.[0]?.text).toContain('Still linked to client Alpha (ours), so its invoices wait: Fake Books takes none for a deleted contact.');
    expect(out.card.rows?.[0]?.buttons?.[0]?.command).toMatch(/^client map c-\d+ /);
    expect(out.card.tone).toBe('warning');
    expect(await w.stores.links.find(w.practice.id, app, 'cu-1')).not.toBeNull();
    expect((await w.stores.appClients.get(w.practice.id, app, 'cu-1'))?.deletedAt).toEqual(w.clock.now());
    expect(await toImport(w)).toEqual([]);
  });

  it('makes only the list call when nothing changed, and says there is nothing new', async () => {
    const w = await offeringWorld({ syncNames: true });
    w.customers.put('cu-1', 'Alpha Ltd', new Date(w.clock.now().getTime() - 86_400_000));
    await w.linked('cu-1', 'Alpha Ltd');
    await w.sync();
    w.clock.advance(86_400_000);
    const before = w.adapterCalls.length;
    const audit = w.stores.audit.events.length;

    const out = await w.uc.dailySync(w.practice.id);

    expect(w.adapterCalls.slice(before)).toEqual(['listClients']);
    expect(w.stores.audit.events.length).toBe(audit);
    expect(out?.card.text).toContain('Nothing new in Fake Books since the last sync.');
    expect(out?.card.buttons?.map((b) => b.command)).toEqual([`sync ${app}`, 'apps']);
  });
});
