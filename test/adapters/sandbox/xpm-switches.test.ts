import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { xpmHarness, type XpmHarness } from './xpm-harness.js';

describe('the XPM sandbox\'s switches: changes a person makes in XPM between syncs', () => {
  let h: XpmHarness;
  let token: string;
  beforeEach(async () => { h = await xpmHarness(); token = await h.connected(); });
  afterEach(async () => { await h.close(); });
  const changedSince = async (since: string) =>
    ((await h.api('GET', `client.api/list?detailed=true&modifiedsince=${since}`, { token })).Clients.Client ?? []) as Record<string, unknown>[];

  it('edits a client\'s fax: the next modifiedsince list has it, with the new fax', async () => {
    const c = h.sandbox.clients()[2]!;
    h.clock.set('2026-06-15T10:10:00Z');

    h.sandbox.practice.edit(c.uuid, { fax: '0117 496 0123' });

    expect(await changedSince('2026-06-15T10:10:00')).toEqual([expect.objectContaining({ UUID: c.uuid, Fax: '0117 496 0123' })]);
  });

  it('edits a contact, adds a client with contacts, archives and deletes: each shows as changed', async () => {
    const [a, b, d] = h.sandbox.clients().filter((c) => !c.isArchived && !c.isDeleted);
    h.clock.set('2026-06-15T10:15:00Z');

    h.sandbox.practice.editContact(a!.uuid, a!.contacts[0]!.uuid, { mobile: '07700 900999' });
    const added = h.sandbox.practice.addClient({ name: 'Kestrel Optics Ltd', phone: '0117 496 0777' }, [{ name: 'Jo Kestrel', email: 'jo@kestrel.example' }]);
    h.sandbox.practice.archive(b!.uuid);
    h.sandbox.practice.remove(d!.uuid);
    const rows = await changedSince('2026-06-15T10:15:00');

    expect(rows.map((r) => [r.Name, r.IsArchived, r.IsDeleted])).toEqual([
      [a!.name, 'No', 'No'], [b!.name, 'Yes', 'No'], [d!.name, 'No', 'Yes'], ['Kestrel Optics Ltd', 'No', 'No'],
    ]);
    expect(rows[0]!.Contacts).toMatchObject({ Contact: expect.arrayContaining([expect.objectContaining({ Mobile: '07700 900999' })]) });
    expect(rows[3]!.Contacts).toEqual({ Contact: [expect.objectContaining({ Name: 'Jo Kestrel', IsPrimary: 'Yes' })] });
    expect(h.sandbox.practice.clientNamed('Kestrel Optics Ltd')).toBe(added);
  });

  it('throws for a client it does not have', () => {
    expect(() => h.sandbox.practice.edit('nobody', { fax: null })).toThrow(/no client nobody/);
  });

  it('goes back to the seed on reset, and switches practice size', () => {
    h.sandbox.practice.addClient({ name: 'Extra Ltd' });

    h.sandbox.reset();
    const small = h.sandbox.clients().length;
    h.sandbox.reset('large');

    expect(small).toBe(40);
    expect(h.sandbox.clients()).toHaveLength(15_000);
  });
});

describe('the XPM sandbox\'s state file', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'xpm-sandbox-')); });
  afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

  it('keeps tokens, connections, jobs and changed clients across a restart, and only the changed clients', async () => {
    const stateFile = join(dir, 'xpm.json');
    const first = await xpmHarness({ stateFile });
    const token = await first.connected();
    const c = first.sandbox.clients()[0]!;
    await first.api('PUT', 'client.api/update', { token, body: `<Client><UUID>${c.uuid}</UUID><Name>Renamed Ltd</Name></Client>` });
    await first.api('POST', 'job.api/add', { token, body: `<Job><Name>Payroll</Name><ClientUUID>${c.uuid}</ClientUUID><StartDate>20260701</StartDate><DueDate>20260731</DueDate></Job>` });
    await first.close();

    const second = await xpmHarness({ stateFile });
    const got = await second.api('GET', `client.api/get/${c.uuid}`, { token });
    const job = await second.api('GET', 'job.api/get/J000001', { token });
    const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as { clients: unknown[] };

    expect(got.Client.Name).toBe('Renamed Ltd');
    expect(job.Job.Name).toBe('Payroll');
    expect(second.sandbox.clients()).toHaveLength(40);
    expect(saved.clients).toHaveLength(1);
    await second.close();
  });

  it('undoes a write the state file could not keep: the API answers 500 and a switch throws, and nothing changed', async () => {
    const folder = join(dir, 'state');
    const h = await xpmHarness({ stateFile: join(folder, 'xpm.json') });
    const token = await h.connected();
    const c = h.sandbox.clients()[0]!;
    const before = { ...c };
    rmSync(folder, { recursive: true });
    writeFileSync(folder, 'not a folder');

    const update = await h.call('PUT', '/practicemanager/3.1/client.api/update', { token, body: `<Client><UUID>${c.uuid}</UUID><Name>Lost Ltd</Name></Client>` });
    const add = await h.call('POST', '/practicemanager/3.1/client.api/add', { token, body: '<Client><Name>Lost Ltd</Name></Client>' });

    expect([update.status, add.status]).toEqual([500, 500]);
    expect(() => h.sandbox.practice.edit(c.uuid, { fax: '0' })).toThrow();
    expect(h.sandbox.clients()[0]).toEqual(before);
    expect(h.sandbox.clients()).toHaveLength(40);
    await h.close();
  });
});
