import { describe, expect, it } from 'vitest';
import type { ClientId } from '../../../domain/shared/ids.js';
import { InMemoryConnectionLock } from '../../fakes/in-memory-apps.js';
import { createAppClientImport } from '../../../src/clients/app-clients.js';
import { appClientWorld } from '../../builders/app-client-world.js';

describe('importing an app\'s clients', () => {
  it('lists the records not yet here, ten a page, with what each matches here', async () => {
    const w = await appClientWorld();
    await w.client('Acme Co Limited');
    await w.records(...Array.from({ length: 12 }, (_, i) => ({ externalId: `s${i}`, name: `Customer ${String(i).padStart(2, '0')}` })), { externalId: 'acme', name: 'Acme Co Ltd' });

    const first = await w.uc.list(w.practice, 'sage', {});
    const second = await w.uc.list(w.practice, 'sage', { page: 2 });

    expect(first.ok && [first.value.total, first.value.pages, first.value.rows.length]).toEqual([13, 2, 10]);
    expect(first.ok && first.value.rows[0]?.record.name).toBe('Acme Co Ltd');
    expect(first.ok && first.value.rows[0]?.matches.possible.map((c) => c.client.name)).toEqual(['Acme Co Limited']);
    expect(second.ok && second.value.rows.map((r) => r.record.name)).toEqual(['Customer 09', 'Customer 10', 'Customer 11']);
  });

  it('converts a record that matches nothing into a linked client with its name, email, VAT and company numbers, audited', async () => {
    const w = await appClientWorld();
    await w.records({ externalId: 's1', name: 'Blue Door Lettings', email: 'hello@bluedoor.example', vatNumber: 'GB123456789', companyNumber: '01234567' });

    const result = await w.uc.convert(w.actor, 'sage', 's1');

    expect(result.ok && result.value.kind).toBe('created');
    const client = result.ok && result.value.kind === 'created' ? result.value.client : null;
    expect(client).toMatchObject({ name: 'Blue Door Lettings', email: 'hello@bluedoor.example', vatNumber: 'GB123456789', companyNumber: '01234567', status: 'client' });
    expect(await w.linkOf('s1')).toBe(client?.id);
    expect(w.audit.events.map((e) => [e.action, e.subject, e.actor])).toEqual([['sage.client_imported', 'Blue Door Lettings', 'Sam']]);
    expect((await w.uc.list(w.practice, 'sage')).ok && (await w.appClients.list(w.practice.id, 'sage', { view: 'to-import', limit: 10, offset: 0 })).total).toBe(0);
  });

  it('does not convert an exact-name duplicate: it returns the client to link instead, and creates nothing', async () => {
    const w = await appClientWorld();
    const acme = await w.client('Acme Ltd');
    await w.records({ externalId: 's1', name: 'ACME LTD' });

    const result = await w.uc.convert(w.actor, 'sage', 's1');

    expect(result.ok && result.value.kind === 'duplicate' && result.value.duplicates.map((c) => [c.client.id, c.reasons.map((r) => r.kind)])).toEqual([[acme.id, ['name']]]);
    expect(await w.linkOf('s1')).toBeNull();
    expect((await w.clients.search(w.practice.id, '', { limit: 10, offset: 0 })).total).toBe(1);
  });

  it('stops on an exact-email duplicate, and imports it as new only when asked (a bureau\'s address may serve several businesses)', async () => {
    const w = await appClientWorld();
    await w.client('Harbour Books', { email: 'accounts@harbour.example' });
    await w.records({ externalId: 's1', name: 'Harbour Bookkeeping', email: 'ACCOUNTS@harbour.example' });

    const stopped = await w.uc.convert(w.actor, 'sage', 's1');
    const linkedBefore = await w.linkOf('s1');
    const asNew = await w.uc.convert(w.actor, 'sage', 's1', { asNew: true });

    expect(stopped.ok && stopped.value.kind).toBe('duplicate');
    expect(linkedBefore).toBeNull();
    expect(asNew.ok && asNew.value.kind === 'created' && asNew.value.client.name).toBe('Harbour Bookkeeping');
  });

  it('never imports an exact-name duplicate as new: names are unique here, so it can only be linked', async () => {
    const w = await appClientWorld();
    await w.client('Harbour Books');
    await w.records({ externalId: 's1', name: 'harbour books' });

    const result = await w.uc.convert(w.actor, 'sage', 's1', { asNew: true });

    expect(result.ok && result.value.kind).toBe('duplicate');
    expect(await w.linkOf('s1')).toBeNull();
  });

  it('stops for a possible match, and imports as new only when asked', async () => {
    const w = await appClientWorld();
    await w.client('Acme Co Limited');
    await w.records({ externalId: 's1', name: 'Acme Co Ltd' });

    const first = await w.uc.convert(w.actor, 'sage', 's1');
    const asNew = await w.uc.convert(w.actor, 'sage', 's1', { asNew: true });

    expect(first.ok && first.value.kind === 'possible' && first.value.possible.map((c) => c.client.name)).toEqual(['Acme Co Limited']);
    expect(asNew.ok && asNew.value.kind === 'created' && asNew.value.client.name).toBe('Acme Co Ltd');
  });

  it('links a record to a client found by name, and refuses a record that is another client\'s', async () => {
    const w = await appClientWorld();
    const acme = await w.client('Acme Co Limited');
    const other = await w.client('Other Ltd');
    await w.records({ externalId: 's1', name: 'Acme Co Ltd' });

    const linked = await w.uc.link(w.actor, 'sage', 's1', 'acme co limited');
    const again = await w.uc.link(w.actor, 'sage', 's1', other.id);

    expect(linked.ok && linked.value.client.id).toBe(acme.id);
    expect(again.ok ? null : again.error).toMatchObject({ kind: 'linked-elsewhere', holder: { id: acme.id } });
    expect(await w.linkOf('s1')).toBe(acme.id);
    expect(w.audit.events.map((e) => e.action)).toEqual(['sage.client_linked']);
  });

  it('refuses to link a client already tied to another record of the app, offering to change the mapping', async () => {
    const w = await appClientWorld();
    const acme = await w.client('Acme Ltd');
    await w.records({ externalId: 's1', name: 'Acme Ltd' }, { externalId: 's2', name: 'Acme Trading' });
    await w.uc.link(w.actor, 'sage', 's1', acme.id);

    const result = await w.uc.link(w.actor, 'sage', 's2', acme.id);

    expect(result.ok ? null : result.error).toMatchObject({ kind: 'client-mapped', client: { id: acme.id }, current: { externalId: 's1' }, record: { externalId: 's2' } });
    expect(await w.linkOf('s2')).toBeNull();
  });

  it('asks which client when a name matches several', async () => {
    const w = await appClientWorld();
    await w.client('Acme North');
    await w.client('Acme South');
    await w.records({ externalId: 's1', name: 'Acme' });

    const result = await w.uc.link(w.actor, 'sage', 's1', 'acme');

    expect(result.ok ? null : result.error.kind === 'client-choice' && result.error.matches.map((m) => m.client.name)).toEqual(['Acme North', 'Acme South']);
  });

  it('leaves a record out with "Don\'t import" and brings it back', async () => {
    const w = await appClientWorld();
    await w.records({ externalId: 's1', name: 'Old Customer' });

    await w.uc.hide(w.actor, 'sage', 's1');
    const hidden = await w.uc.list(w.practice, 'sage', { view: 'hidden' });
    const toImport = await w.uc.list(w.practice, 'sage');
    await w.uc.unhide(w.actor, 'sage', 's1');
    const back = await w.uc.list(w.practice, 'sage');

    expect([hidden.ok && hidden.value.total, toImport.ok && toImport.value.total, back.ok && back.value.total]).toEqual([1, 0, 1]);
    expect(w.audit.events.map((e) => e.action)).toEqual(['sage.client_hidden', 'sage.client_unhidden']);
  });

  it('remembers "not the same": the pair is never suggested again, and convert then creates', async () => {
    const w = await appClientWorld();
    const acme = await w.client('Acme Co Limited');
    await w.records({ externalId: 's1', name: 'Acme Co Ltd' });

    const noted = await w.uc.notSame(w.actor, 'sage', 's1', acme.id);
    const listed = await w.uc.list(w.practice, 'sage');
    const converted = await w.uc.convert(w.actor, 'sage', 's1');

    expect(noted.ok && noted.value.matches).toEqual({ duplicates: [], possible: [] });
    expect(listed.ok && listed.value.rows[0]?.matches.possible).toEqual([]);
    expect(converted.ok && converted.value.kind).toBe('created');
  });

  it('reviews several chosen records at once, each with its matches, and names those not found', async () => {
    const w = await appClientWorld();
    await w.client('Acme Ltd');
    await w.records({ externalId: 's1', name: 'Acme Ltd' }, { externalId: 's2', name: 'Zed Co' }, { externalId: 's3', name: 'Blue Door' });
    await w.uc.convert(w.actor, 'sage', 's3');

    const result = await w.uc.review(w.practice, 'sage', ['s1', 's2', 'gone', 's3']);

    expect(result.ok && result.value.items.map((i) => [i.record.name, i.matches.duplicates.length])).toEqual([['Acme Ltd', 1], ['Zed Co', 0]]);
    expect(result.ok && result.value.missing).toEqual(['gone', 's3']);
  });

  it('refuses an app that is not connected, or does not offer its clients, writing nothing', async () => {
    const w = await appClientWorld({ connected: false });
    await w.records({ externalId: 's1', name: 'Acme Ltd' });

    const notConnected = await w.uc.convert(w.actor, 'sage', 's1');
    const notOffered = await w.uc.list(w.practice, 'gusto');
    const unknown = await w.uc.list(w.practice, 'xero');

    expect([notConnected, notOffered, unknown].map((r) => (r.ok ? null : r.error.kind))).toEqual(['not-connected', 'not-offered', 'no-such-app']);
    expect(await w.linkOf('s1')).toBeNull();
  });
});

describe('importing all at once', () => {
  it('converts what matches nothing, links exact duplicates, pauses on possible matches and reports each', async () => {
    const w = await appClientWorld();
    const acme = await w.client('Acme Ltd');
    const harbour = await w.client('Harbour Books', { email: 'accounts@harbour.example' });
    await w.client('Northwind Trading', { vatNumber: 'GB123456789' });
    await w.records(
      { externalId: 's1', name: 'Acme Ltd' },
      { externalId: 's2', name: 'Harbour Bookkeeping', email: 'accounts@harbour.example' },
      { externalId: 's3', name: 'NW Trading', vatNumber: 'GB 123 4567 89' },
      { externalId: 's4', name: 'Blue Door Lettings' },
      { externalId: 's5', name: 'Left Out Ltd' },
    );
    await w.uc.hide(w.actor, 'sage', 's5');

    const result = await w.uc.importAll(w.actor, 'sage');

    const r = result.ok ? result.value : null;
    expect(r?.converted.map((c) => c.client.name)).toEqual(['Blue Door Lettings']);
    expect(r?.linked.map((l) => [l.record.externalId, l.client.id])).toEqual([['s1', acme.id], ['s2', harbour.id]]);
    expect(r?.waiting.map((x) => [x.record.externalId, x.matches.possible.map((c) => c.reasons.map((y) => y.kind))])).toEqual([['s3', [['vat-number']]]]);
    expect([await w.linkOf('s3'), await w.linkOf('s5')]).toEqual([null, null]);
    expect(w.audit.events.at(-1)).toMatchObject({ action: 'sage.clients_imported', detail: { converted: 1, linked: 2, waiting: 1, failed: 0 } });
  });

  it('does not pause again on a pair a person said is not the same', async () => {
    const w = await appClientWorld();
    const northwind = await w.client('Northwind Trading', { vatNumber: 'GB123456789' });
    await w.records({ externalId: 's3', name: 'NW Trading', vatNumber: 'GB123456789' });
    await w.uc.notSame(w.actor, 'sage', 's3', northwind.id);

    const result = await w.uc.importAll(w.actor, 'sage');

    expect(result.ok && [result.value.waiting.length, result.value.converted.map((c) => c.client.name)]).toEqual([0, ['NW Trading']]);
  });

  it('runs one bulk import of an app at a time: two started together make each client once', async () => {
    const w = await appClientWorld();
    await w.records({ externalId: 's1', name: 'Blue Door Lettings' }, { externalId: 's2', name: 'Harbour Books' });
    const uc = createAppClientImport({ ...w.deps, lock: new InMemoryConnectionLock() });

    const [first, second] = await Promise.all([uc.importAll(w.actor, 'sage'), uc.importAll(w.actor, 'sage')]);

    const converted = [first, second].flatMap((r) => (r.ok ? r.value.converted.map((c) => c.record.externalId) : []));
    const failed = [first, second].flatMap((r) => (r.ok ? r.value.failed : []));
    expect(converted.sort()).toEqual(['s1', 's2']);
    expect(failed).toEqual([]);
  });

  it('matches later records against the clients the run made: a ledger\'s own "Ltd"/"Limited" pair is one client and a question', async () => {
    const w = await appClientWorld();
    await w.records({ externalId: 's1', name: 'Kingfisher Print Limited' }, { externalId: 's2', name: 'Kingfisher Print Ltd' });

    const result = await w.uc.importAll(w.actor, 'sage');

    const r = result.ok ? result.value : null;
    expect(r?.converted.map((c) => c.record.externalId)).toEqual(['s1']);
    expect(r?.waiting.map((x) => [x.record.externalId, x.matches.possible.map((c) => c.client.name)])).toEqual([['s2', ['Kingfisher Print Limited']]]);
    expect(await w.linkOf('s2')).toBeNull();
  });

  it('links one client once: a second record of the same email waits for a person, not linked over the first', async () => {
    const w = await appClientWorld();
    await w.client('Harbour Books', { email: 'accounts@harbour.example' });
    await w.records({ externalId: 's1', name: 'Harbour A', email: 'accounts@harbour.example' }, { externalId: 's2', name: 'Harbour B', email: 'accounts@harbour.example' });

    const result = await w.uc.importAll(w.actor, 'sage');

    expect(result.ok && [result.value.linked.map((l) => l.record.externalId), result.value.waiting.map((x) => x.record.externalId)]).toEqual([['s1'], ['s2']]);
    expect(await w.linkOf('s2')).toBeNull();
  });
});

describe('adopting a record picked elsewhere (a proposal for a Sage customer)', () => {
  it('links an exact duplicate instead of copying it', async () => {
    const w = await appClientWorld();
    const acme = await w.client('Acme Ltd');
    await w.records({ externalId: 's1', name: 'Acme Ltd' });

    const result = await w.uc.adopt(w.actor, 'sage', 's1');

    expect(result).toEqual({ ok: true, value: { client: acme, created: false } });
    expect(await w.linkOf('s1')).toBe(acme.id);
  });

  it('creates and links a client otherwise, and gives the same client when picked again', async () => {
    const w = await appClientWorld();
    await w.records({ externalId: 's1', name: 'Blue Door Lettings' });

    const first = await w.uc.adopt(w.actor, 'sage', 's1');
    const again = await w.uc.adopt(w.actor, 'sage', 's1');

    expect(first.ok && [first.value.client.name, first.value.created]).toEqual(['Blue Door Lettings', true]);
    expect(again.ok && [again.value.client.id, again.value.created]).toEqual([first.ok && first.value.client.id, false]);
  });

  it('leaves a record that only may be a client here (the same email, a near name) for a person, naming its card', async () => {
    const w = await appClientWorld();
    await w.client('Harbour Books', { email: 'accounts@harbour.example' });
    await w.client('Acme Co Limited');
    await w.records({ externalId: 's1', name: 'Harbour Bookkeeping', email: 'accounts@harbour.example' }, { externalId: 's2', name: 'Acme Co Ltd' });

    const byEmail = await w.uc.adopt(w.actor, 'sage', 's1');
    const byName = await w.uc.adopt(w.actor, 'sage', 's2');

    expect(byEmail).toMatchObject({ ok: false, error: { kind: 'may-be-here', name: 'Harbour Bookkeeping', decide: 'clients import sage convert s1' } });
    expect(!byEmail.ok && byEmail.error.reason).toContain('client Harbour Books (the same email, accounts@harbour.example)');
    expect(byName).toMatchObject({ ok: false, error: { kind: 'may-be-here', name: 'Acme Co Ltd' } });
    expect([await w.linkOf('s1'), await w.linkOf('s2')]).toEqual([null, null]);
  });

  it('refuses a record it cannot find', async () => {
    const w = await appClientWorld();

    const result = await w.uc.adopt(w.actor, 'sage', 'nope');

    expect(result.ok ? null : result.error.kind).toBe('not-found');
  });
});

describe('mapping a client to a record of another name', () => {
  it('maps by exact record name, and a second mapping replaces the first', async () => {
    const w = await appClientWorld();
    const acme = await w.client('Acme Co Limited');
    await w.records({ externalId: 's1', name: 'Acme Co Ltd' }, { externalId: 's2', name: 'ACME Holdings' });

    const first = await w.uc.map(w.actor, 'sage', 'Acme Co Limited', 'acme co ltd');
    const second = await w.uc.map(w.actor, 'sage', acme.id, 's2');

    expect(first.ok && first.value.kind === 'mapped' && [first.value.record.externalId, first.value.replaced]).toEqual(['s1', null]);
    expect(second.ok && second.value.kind === 'mapped' && [second.value.record.externalId, second.value.replaced?.externalId]).toEqual(['s2', 's1']);
    expect([await w.linkOf('s1'), await w.linkOf('s2')]).toEqual([null, acme.id]);
    expect(w.audit.events.map((e) => [e.action, e.detail?.['replaced'] ?? null])).toEqual([['sage.client_mapped', null], ['sage.client_mapped', 's1']]);
  });

  it('refuses a record already mapped to another client, naming it, even by name', async () => {
    const w = await appClientWorld();
    await w.client('Acme Co Limited');
    const other = await w.client('Acme Trading');
    await w.records({ externalId: 's1', name: 'Acme Co Ltd' });
    await w.uc.map(w.actor, 'sage', other.id, 's1');

    const result = await w.uc.map(w.actor, 'sage', 'Acme Co Limited', 'Acme Co Ltd');

    expect(result.ok ? null : result.error).toMatchObject({ kind: 'linked-elsewhere', holder: { name: 'Acme Trading' } });
    expect(await w.linkOf('s1')).toBe(other.id);
  });

  it('without a record, offers the unlinked records most like the client first', async () => {
    const w = await appClientWorld();
    await w.client('Acme Co Limited');
    await w.records({ externalId: 's1', name: 'Zed Plumbing' }, { externalId: 's2', name: 'Acme Co Ltd' }, { externalId: 's3', name: 'Acme Co' });

    const result = await w.uc.map(w.actor, 'sage', 'Acme Co Limited');

    expect(result.ok && result.value.kind === 'choose' && result.value.records.map((r) => r.externalId)).toEqual(['s2', 's3']);
  });

  it('offers a chooser when a search finds several records, and refuses one it cannot find', async () => {
    const w = await appClientWorld();
    await w.client('Acme Co Limited');
    await w.records({ externalId: 's1', name: 'Acme North' }, { externalId: 's2', name: 'Acme South' });

    const several = await w.uc.map(w.actor, 'sage', 'Acme Co Limited', 'acme');
    const none = await w.uc.map(w.actor, 'sage', 'Acme Co Limited', 'nothing like it');

    expect(several.ok && several.value.kind === 'choose' && several.value.records.map((r) => r.externalId)).toEqual(['s1', 's2']);
    expect(none.ok ? null : none.error.kind).toBe('record-not-found');
  });

  it('says when no client matches', async () => {
    const w = await appClientWorld();
    await w.records({ externalId: 's1', name: 'Acme Co Ltd' });

    const result = await w.uc.map(w.actor, 'sage', 'nobody' as ClientId, 's1');

    expect(result.ok ? null : result.error.kind).toBe('client-not-found');
  });
});
