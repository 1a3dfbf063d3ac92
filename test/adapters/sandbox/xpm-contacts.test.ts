import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { xpmHarness, type XpmHarness } from './xpm-harness.js';

describe('the XPM sandbox client.api contact routes', () => {
  let h: XpmHarness;
  let token: string;
  beforeEach(async () => { h = await xpmHarness(); token = await h.connected(); });
  afterEach(async () => { await h.close(); });
  /** A live client with at least two contacts, one of them primary. */
  const withContacts = () => h.sandbox.clients().find((c) => !c.isDeleted && !c.isArchived && c.contacts.length >= 2 && c.contacts.some((x) => x.isPrimary))!;

  it('gets one contact of a client by its UUID', async () => {
    const c = withContacts();
    const contact = c.contacts[0]!;

    const body = await h.api('GET', `client.api/contact/${contact.uuid}?clientUuid=${c.uuid}`, { token });

    expect(body.Status).toBe('OK');
    expect(body.Contact).toMatchObject({ UUID: contact.uuid, Name: contact.name });
  });

  it('updates a contact by UUID: every field replaced (one left out is cleared), IsPrimary kept when not sent, the client counted as modified', async () => {
    const c = withContacts();
    const contact = c.contacts.find((x) => x.isPrimary)!;
    h.clock.set('2026-06-15T10:10:00Z');

    const body = await h.api('PUT', `client.api/contact/${contact.uuid}?clientUuid=${c.uuid}`, { token, body: `<Contact>
      <Name>Ann Wren &amp; Co</Name><Salutation>Ann</Salutation><Addressee>Ms A Wren</Addressee><Phone /><Mobile>07700 900777</Mobile>
      <Email>ann@wren.example</Email></Contact>` });

    expect(body.Status).toBe('OK');
    const now = c.contacts.find((x) => x.uuid === contact.uuid)!;
    expect(now).toEqual({
      uuid: contact.uuid, name: 'Ann Wren & Co', salutation: 'Ann', addressee: 'Ms A Wren', phone: null, mobile: '07700 900777',
      email: 'ann@wren.example', position: null, isPrimary: true,
    });
    expect(c.modifiedAt).toBe(Date.parse('2026-06-15T10:10:00Z'));
    const since = await h.api('GET', 'client.api/list?detailed=true&modifiedsince=2026-06-15T10:10:00', { token });
    expect(since.Clients.Client.map((x: { UUID: string }) => x.UUID)).toEqual([c.uuid]);
  });

  it('makes a contact primary on update, and every other one of the client not primary', async () => {
    const c = withContacts();
    const other = c.contacts.find((x) => !x.isPrimary)!;

    await h.api('PUT', `client.api/contact/${other.uuid}?clientUuid=${c.uuid}`, { token, body: `<Contact><Name>${other.name}</Name><IsPrimary>Yes</IsPrimary></Contact>` });

    expect(c.contacts.filter((x) => x.isPrimary).map((x) => x.uuid)).toEqual([other.uuid]);
  });

  it('refuses an update of an unknown contact, of another client\'s contact, or without a Name, with HTTP 200 and Status ERROR', async () => {
    const c = withContacts();
    const elsewhere = h.sandbox.clients().find((x) => x.uuid !== c.uuid && !x.isDeleted)!;
    const contact = c.contacts[0]!;
    const before = c.contacts.map((x) => ({ ...x }));

    const unknown = await h.api('PUT', `client.api/contact/00000000-0000-4000-8000-000000000000?clientUuid=${c.uuid}`, { token, body: '<Contact><Name>X</Name></Contact>' });
    const notTheirs = await h.api('PUT', `client.api/contact/${contact.uuid}?clientUuid=${elsewhere.uuid}`, { token, body: '<Contact><Name>X</Name></Contact>' });
    const noName = await h.api('PUT', `client.api/contact/${contact.uuid}?clientUuid=${c.uuid}`, { token, body: '<Contact><Email>x@example.com</Email></Contact>' });

    expect(unknown).toMatchObject({ Status: 'ERROR', ErrorDescription: 'Contact not found' });
    expect(notTheirs).toMatchObject({ Status: 'ERROR', ErrorDescription: 'Contact not found' });
    expect(noName).toMatchObject({ Status: 'ERROR', ErrorDescription: 'Name is required.' });
    expect(c.contacts).toEqual(before);
  });

  it('finds the contact among every client when the update names no clientUuid', async () => {
    const c = withContacts();
    const contact = c.contacts[1]!;

    const body = await h.api('PUT', `client.api/contact/${contact.uuid}`, { token, body: `<Contact><Name>${contact.name}</Name><Phone>0117 496 0123</Phone></Contact>` });

    expect(body.Status).toBe('OK');
    expect(c.contacts.find((x) => x.uuid === contact.uuid)!.phone).toBe('0117 496 0123');
  });

  it('adds a contact to the client named by <Client><UUID>, answering its new UUID', async () => {
    const c = withContacts();
    const count = c.contacts.length;
    h.clock.set('2026-06-15T10:12:00Z');

    const body = await h.api('POST', 'client.api/contact', { token, body: `<Contact><Client><UUID>${c.uuid}</UUID></Client>
      <Name>Bob Hale</Name><IsPrimary>No</IsPrimary><Salutation>Bob</Salutation><Email>bob@hale.example</Email></Contact>` });

    expect(body.Status).toBe('OK');
    expect(c.contacts).toHaveLength(count + 1);
    expect(c.contacts.at(-1)).toEqual({
      uuid: body.ID, name: 'Bob Hale', salutation: 'Bob', addressee: null, email: 'bob@hale.example', phone: null, mobile: null, position: null, isPrimary: false,
    });
    expect(c.modifiedAt).toBe(Date.parse('2026-06-15T10:12:00Z'));
  });

  it('refuses an add without a client UUID, for an unknown or deleted client, or without a Name, and adds nothing', async () => {
    const deleted = h.sandbox.clients().find((c) => c.isDeleted)!;
    const c = withContacts();
    const counts = () => h.sandbox.clients().map((x) => x.contacts.length);
    const before = counts();

    const none = await h.api('POST', 'client.api/contact', { token, body: '<Contact><Name>Bob Hale</Name></Contact>' });
    const unknown = await h.api('POST', 'client.api/contact', { token, body: '<Contact><Client><UUID>nope</UUID></Client><Name>Bob Hale</Name></Contact>' });
    const gone = await h.api('POST', 'client.api/contact', { token, body: `<Contact><Client><UUID>${deleted.uuid}</UUID></Client><Name>Bob Hale</Name></Contact>` });
    const noName = await h.api('POST', 'client.api/contact', { token, body: `<Contact><Client><UUID>${c.uuid}</UUID></Client></Contact>` });

    expect(none).toMatchObject({ Status: 'ERROR', ErrorDescription: 'Client UUID is required.' });
    expect(unknown).toMatchObject({ Status: 'ERROR', ErrorDescription: 'Client not found' });
    expect(gone).toMatchObject({ Status: 'ERROR', ErrorDescription: 'Client has been deleted' });
    expect(noName).toMatchObject({ Status: 'ERROR', ErrorDescription: 'Name is required.' });
    expect(counts()).toEqual(before);
  });
});
