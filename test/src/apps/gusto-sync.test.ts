import { afterEach, describe, expect, it } from 'vitest';
import { newHire } from '../../../adapters/sandbox/seed.js';
import { noCounts } from '../../../domain/practice/connection.js';
import { asId } from '../../../domain/shared/ids.js';
import { gustoWorld, type GustoWorld } from '../../builders/gusto-world.js';
import { InMemorySyncRunStore } from '../../fakes/in-memory-clients.js';

let w: GustoWorld;
afterEach(async () => { await w.close(); });

const clientNamed = async (name: string) => (await w.stores.clients.findByName(w.practice.id, name))[0];

describe('Gusto company sync', () => {
  it('turns a newly connected company into a client with its details and active employee count', async () => {
    w = await gustoWorld({ count: 3 });
    const company = w.sandbox.companies()[1]!;

    const result = await w.connect(company.uuid);

    expect(result.ok).toBe(true);
    const client = await clientNamed(company.name);
    const active = company.employees.filter((e) => e.onboarded && !e.terminations.some((t) => t.active)).length;
    expect(client).toMatchObject({ name: company.name, activeEmployees: active, status: 'client' });
    expect(client?.postalAddress?.line1).toBe(company.locations[0]!.street_1);
    expect(w.notifier.sent.map((n) => n.event)).toEqual(['sync.finished']);
    expect(w.notifier.sent[0]!.card.title).toContain('Sandbox');
  });

  it('changes nothing when run again with nothing changed in Gusto', async () => {
    w = await gustoWorld({ count: 3 });
    for (const c of w.sandbox.companies()) await w.connect(c.uuid);
    const before = await w.stores.clients.search(w.practice.id, '', { limit: 50, offset: 0 });
    const auditBefore = w.stores.audit.events.length;

    const again = await w.uc.sync.sync(w.practice.id, { trigger: 'manual' });

    expect(again.run?.counts).toEqual({ created: 0, updated: 0, unchanged: 3, skipped: 0, failed: 0 });
    expect(await w.stores.clients.search(w.practice.id, '', { limit: 50, offset: 0 })).toEqual(before);
    expect(w.stores.audit.events.length).toBe(auditBefore);
  });

  it('keeps on each link the values both sides agreed on, and rewrites it only when they move', async () => {
    w = await gustoWorld({ count: 1 });
    const company = w.sandbox.companies()[0]!;
    const name = company.name;
    await w.connect(company.uuid);
    const first = await w.stores.links.find(w.practice.id, 'gusto', company.uuid);
    let outcomes = 0;
    const saveSyncOutcome = w.stores.links.saveSyncOutcome.bind(w.stores.links);
    w.stores.links.saveSyncOutcome = async (link, client) => { outcomes++; return saveSyncOutcome(link, client); };

    await w.uc.sync.sync(w.practice.id, { trigger: 'manual' });
    w.sandbox.mutate(company.uuid, (c) => { c.name = 'Renamed Inc'; });
    await w.uc.sync.sync(w.practice.id, { trigger: 'manual' });

    expect(first?.baseline).toMatchObject({ name });
    expect(first?.conflicts).toEqual([]);
    expect(outcomes).toBe(1);
    expect((await w.stores.links.find(w.practice.id, 'gusto', company.uuid))?.baseline).toMatchObject({ name: 'Renamed Inc' });
  });

  it('overwrites a local edit with Gusto\'s value and audits the old value', async () => {
    w = await gustoWorld({ count: 1 });
    const company = w.sandbox.companies()[0]!;
    await w.connect(company.uuid);
    const client = (await clientNamed(company.name))!;
    await w.stores.clients.save({ ...client, phone: '+44 20 7946 0000' });

    const out = await w.uc.sync.sync(w.practice.id, { trigger: 'manual' });

    expect(out.run?.counts.updated).toBe(1);
    expect((await w.stores.clients.get(w.practice.id, client.id))?.phone).toBe(client.phone);
    expect(w.stores.audit.events.at(-1)).toMatchObject({ action: 'client.overwritten', detail: { field: 'phone', from: '+44 20 7946 0000', to: client.phone } });
    expect(out.card.rows?.[0]?.text).toContain('phone: +44 20 7946 0000 → ');
  });

  it('respects the sync level: names lets a rename through, none keeps everything out', async () => {
    w = await gustoWorld({ count: 2 });
    const [a, b] = w.sandbox.companies().map((c) => ({ uuid: c.uuid, name: c.name }));
    await w.connect(a!.uuid);
    await w.connect(b!.uuid);
    const headcountA = (await clientNamed(a!.name))!.activeEmployees;
    await w.uc.settings.setSyncLevel(w.practice, w.admin, a!.name, 'names');
    await w.uc.settings.setSyncLevel(w.practice, w.admin, b!.name, 'none');
    w.sandbox.mutate(a!.uuid, (c) => { c.name = 'Renamed A Inc'; c.employees.push(newHire(c, 1)); });
    w.sandbox.mutate(b!.uuid, (c) => { c.name = 'Renamed B Inc'; });

    const out = await w.uc.sync.sync(w.practice.id, { trigger: 'manual' });

    expect(out.run?.counts).toMatchObject({ updated: 1, skipped: 1 });
    expect((await clientNamed('Renamed A Inc'))?.activeEmployees).toBe(headcountA);
    expect(await clientNamed(b!.name)).toBeDefined();
    expect(await clientNamed('Renamed B Inc')).toBeUndefined();
    expect(out.card.footer).toContain('client-sync');
  });

  it('says what a sync level kept out, rather than that everything already matched', async () => {
    w = await gustoWorld({ count: 1 });
    const company = { ...w.sandbox.companies()[0]! };
    await w.connect(company.uuid);
    await w.uc.settings.setSyncLevel(w.practice, w.admin, company.name, 'none');
    w.sandbox.mutate(company.uuid, (c) => { c.name = 'Renamed Co Inc'; });

    const out = await w.uc.sync.sync(w.practice.id, { trigger: 'manual' });

    expect(out.run?.counts).toMatchObject({ updated: 0, skipped: 1 });
    expect(out.card.text).not.toContain('Everything already matched');
    expect(out.card.text).toContain('Nothing changed here. 1 client has changes in Gusto that its sync level kept out');
    expect(out.card.fields).toContainEqual({ label: 'Not updated (sync level)', value: '1' });
    expect(out.card.rows).toContainEqual({
      title: `Not updated: ${company.name}`,
      text: `Not applied (sync level: nothing):\nname: ${company.name} → Renamed Co Inc`,
      buttons: [{ label: 'Let Gusto update it', command: `client-sync "${company.name}" gusto all` }],
    });
  });

  it('shows progress in the conversation and ends that message with the result', async () => {
    w = await gustoWorld({ count: 2 });
    for (const c of w.sandbox.companies()) await w.connect(c.uuid);

    await w.uc.sync.sync(w.practice.id, { trigger: 'manual', replyTo: { platform: 'shell', ref: {} } });

    const shown = [...w.replies.messages.values()].at(-1)!;
    expect(shown[0]!.title).toContain('Syncing Gusto');
    expect(shown.at(-1)!.title).toContain('Gusto sync finished');
  });

  it('runs the 06:00 sync once per local day even when the job fires twice', async () => {
    w = await gustoWorld({ count: 1 });
    await w.connect();

    const first = await w.uc.dailySync(w.practice.id);
    const second = await w.uc.dailySync(w.practice.id);

    expect(first?.run?.trigger).toBe('schedule');
    expect(second).toBeNull();
  });

  it('renames the connection when the company is renamed in Gusto, keeping its tokens', async () => {
    w = await gustoWorld({ count: 1 });
    const company = w.sandbox.companies()[0]!;
    await w.connect(company.uuid);
    const before = (await w.stores.connections.list(w.practice.id, 'gusto'))[0]!;
    w.sandbox.mutate(company.uuid, (c) => { c.trade_name = 'Brand New Name'; });

    await w.uc.sync.sync(w.practice.id, { trigger: 'manual' });

    const after = (await w.stores.connections.list(w.practice.id, 'gusto'))[0]!;
    expect(after.label).toBe('Brand New Name');
    expect(after.tokens).toEqual(before.tokens);
  });

  it('creates each client once when two syncs of the same companies overlap', async () => {
    w = await gustoWorld({ count: 3, syncOnConnect: false });
    for (const c of w.sandbox.companies()) await w.connect(c.uuid);
    const add = w.stores.clients.add.bind(w.stores.clients);
    // A slow write, as a database has, widens the window in which both syncs see "no client yet".
    w.stores.clients.add = async (client) => { await new Promise((r) => setTimeout(r, 100)); return add(client); };

    const [a, b] = await Promise.all([
      w.uc.sync.sync(w.practice.id, { trigger: 'manual' }),
      w.uc.sync.sync(w.practice.id, { trigger: 'webhook' }),
    ]);

    expect((await w.stores.clients.search(w.practice.id, '', { limit: 10, offset: 0 })).total).toBe(3);
    expect(a.run!.counts.created + b.run!.counts.created).toBe(3);
    expect(a.run!.counts.unchanged + b.run!.counts.unchanged).toBe(3);
  });

  it('says in plain words when Gusto is down, posts sync.failed, and changes nothing', async () => {
    w = await gustoWorld({ count: 2 });
    for (const c of w.sandbox.companies()) await w.connect(c.uuid);
    const before = await w.stores.clients.search(w.practice.id, '', { limit: 10, offset: 0 });
    w.sandbox.faults.serverError(1_000);

    const out = await w.uc.sync.sync(w.practice.id, { trigger: 'schedule' });
    w.sandbox.faults.reset();

    expect(out.run?.counts.failed).toBe(2);
    expect(out.card).toMatchObject({ title: 'Gusto sync failed (Sandbox)', tone: 'error' });
    expect(out.card.text).toContain('Gusto had a problem on its side');
    expect(w.notifier.sent.at(-1)?.event).toBe('sync.failed');
    expect(await w.stores.clients.search(w.practice.id, '', { limit: 10, offset: 0 })).toEqual(before);
  });

  it('links a company to the client already on the books under its name, rather than adding a second', async () => {
    w = await gustoWorld({ count: 1, syncOnConnect: false });
    const company = w.sandbox.companies()[0]!;
    await w.stores.clients.add({ id: asId('by-hand'), practiceId: w.practice.id, status: 'lead', name: company.name.toUpperCase(), createdAt: new Date(), updatedAt: new Date() });
    await w.connect(company.uuid);

    const out = await w.uc.sync.sync(w.practice.id, { trigger: 'manual' });

    expect(out.run?.counts).toMatchObject({ created: 0, updated: 1, failed: 0 });
    expect((await w.stores.clients.search(w.practice.id, '', { limit: 10, offset: 0 })).items.map((c) => [c.id, c.name])).toEqual([['by-hand', company.name]]);
    expect((await w.stores.links.find(w.practice.id, 'gusto', company.uuid))?.clientId).toBe('by-hand');
  });

  it('links to a client someone adds under the company\'s name while the sync is deciding', async () => {
    w = await gustoWorld({ count: 1, syncOnConnect: false });
    const company = w.sandbox.companies()[0]!;
    await w.connect(company.uuid);
    const findByName = w.stores.clients.findByName.bind(w.stores.clients);
    w.stores.clients.findByName = async (practiceId, name) => {
      const before = await findByName(practiceId, name);
      await w.stores.clients.add({ id: asId('just-added'), practiceId, status: 'client', name, createdAt: new Date(), updatedAt: new Date() });
      return before;
    };

    const out = await w.uc.sync.sync(w.practice.id, { trigger: 'manual' });

    expect(out.run?.counts.failed).toBe(0);
    expect((await w.stores.clients.search(w.practice.id, '', { limit: 10, offset: 0 })).items.map((c) => c.id)).toEqual(['just-added']);
    expect((await w.stores.links.find(w.practice.id, 'gusto', company.uuid))?.clientId).toBe('just-added');
  });

  it('tells apart two Gusto companies with one name by a number, and keeps both names through later syncs', async () => {
    w = await gustoWorld({ count: 2, syncOnConnect: false });
    const [a, b] = w.sandbox.companies();
    w.sandbox.mutate(b!.uuid, (c) => { c.name = a!.name; });
    await w.connect(a!.uuid);
    await w.connect(b!.uuid);

    const first = await w.uc.sync.sync(w.practice.id, { trigger: 'manual' });
    const again = await w.uc.sync.sync(w.practice.id, { trigger: 'manual' });

    expect(first.run?.counts).toMatchObject({ created: 2, failed: 0 });
    expect((await w.stores.clients.search(w.practice.id, '', { limit: 10, offset: 0 })).items.map((c) => c.name)).toEqual([a!.name, `${a!.name} (2)`]);
    expect(again.run?.counts).toMatchObject({ unchanged: 2, failed: 0 });
  });

  it('keeps a client\'s name when Gusto renames its company to another client\'s, and syncs the rest', async () => {
    w = await gustoWorld({ count: 1 });
    const company = w.sandbox.companies()[0]!;
    const ownName = company.name;
    await w.connect(company.uuid);
    const headcount = (await clientNamed(ownName))!.activeEmployees!;
    await w.stores.clients.add({ id: asId('other'), practiceId: w.practice.id, status: 'client', name: 'Taken Name LLC', createdAt: new Date(), updatedAt: new Date() });
    w.sandbox.mutate(company.uuid, (c) => { c.name = 'Taken Name LLC'; c.employees.push(newHire(c, 1)); });

    const out = await w.uc.sync.sync(w.practice.id, { trigger: 'manual' });

    expect(out.run?.counts).toMatchObject({ updated: 1, failed: 0 });
    const client = await w.stores.clients.get(w.practice.id, (await w.stores.links.find(w.practice.id, 'gusto', company.uuid))!.clientId);
    expect(client).toMatchObject({ name: ownName, activeEmployees: headcount + 1 });
    expect(w.stores.audit.events.at(-1)).toMatchObject({ action: 'client.overwritten', detail: { field: 'activeEmployees' } });
  });

  it('reports a sync a dead process left open once, offers Sync again, and lets a cut-off 06:00 run sync again today', async () => {
    const runs = new InMemorySyncRunStore();
    w = await gustoWorld({ count: 1, runs });
    await w.connect();
    await w.uc.dailySync(w.practice.id);
    const cutOff = { id: asId<'SyncRun'>('cut-off'), practiceId: w.practice.id, provider: 'gusto' as const, trigger: 'schedule' as const, startedAt: new Date(), counts: noCounts, errors: [] };
    await runs.save(cutOff);
    runs.orphaned.add(cutOff.id);

    const closed = await w.uc.closeInterrupted(() => false);
    const again = await w.uc.closeInterrupted(() => false);

    expect(closed.map((r) => r.id)).toEqual(['cut-off']);
    expect(again).toEqual([]);
    expect(await runs.get(w.practice.id, cutOff.id)).toMatchObject({ interrupted: true });
    const card = w.notifier.sent.at(-1)!;
    expect(card).toMatchObject({ event: 'sync.failed', card: { title: 'Gusto sync interrupted (Sandbox)', tone: 'warning' } });
    expect(card.card.buttons?.[0]).toMatchObject({ label: 'Sync again', command: 'sync gusto' });
    expect((await w.uc.dailySync(w.practice.id))?.run?.trigger).toBe('schedule');
  });
});
