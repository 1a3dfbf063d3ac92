import { afterEach, describe, expect, it } from 'vitest';
import { newHire } from '../../adapters/sandbox/seed.js';
import { gustoWorld, type GustoWorld } from '../builders/gusto-world.js';

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
      buttons: [{ label: 'Let Gusto update it', command: `client-sync "${company.name}" all` }],
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
    const save = w.stores.clients.save.bind(w.stores.clients);
    // A slow write, as a database has, widens the window in which both syncs see "no client yet".
    w.stores.clients.save = async (client) => { await new Promise((r) => setTimeout(r, 100)); return save(client); };

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
});
