/**
 * Contacts changed here, written to XPM: the plan (matched by name, else by email; updated, added,
 * never deleted) and the outbox's client writer carrying them against the XPM sandbox over loopback
 * (looked up before it writes, so a retry after a lost answer adds no second contact).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { XpmContactRecord } from '../../../adapters/sandbox/xpm-data.js';
import { contactsShown, planContactWrites } from '../../../adapters/xpm/contact-writes.js';
import type { XpmContact } from '../../../adapters/xpm/contacts.js';
import { newOutboxEntry } from '../../../domain/outbox/entry.js';
import type { AppConnection } from '../../../domain/practice/connection.js';
import { asId, type PracticeId } from '../../../domain/shared/ids.js';
import type { RegisteredApp } from '../../../src/apps/app.js';
import type { ClientWritePayload } from '../../../src/apps/owed-writes.js';
import { type XpmApiHost } from '../../../src/compose-sandboxes.js';
import { connectedXpm } from './connected-sandbox.js';

const jo: XpmContact = { uuid: 'u-jo', name: 'Jo Smith', salutation: 'Jo', email: 'jo@smith.example', addressee: 'Ms J Smith', position: 'Director', primary: true };
const sam: XpmContact = { uuid: 'u-sam', name: 'Sam Reed', mobile: '07700 900001', primary: false };

describe('planning contact writes', () => {
  it('writes nothing when XPM already shows every contact, whatever the order, case or spacing of names', () => {
    expect(planContactWrites([{ name: 'Sam Reed', mobile: '07700 900001' }, { name: 'Jo Smith', salutation: 'Jo', email: 'jo@smith.example' }], [jo, sam]))
      .toEqual({ updates: [], adds: [] });
    expect(planContactWrites([{ name: 'sam  reed', mobile: '07700 900001' }], [jo, sam]).adds).toEqual([]);
  });

  it('updates a contact matched by name whose details differ, with ours, an emptied field included', () => {
    const plan = planContactWrites([{ name: 'Jo Smith', email: 'jo@new.example' }], [jo, sam]);

    expect(plan).toEqual({ updates: [{ fresh: jo, ours: { name: 'Jo Smith', email: 'jo@new.example' } }], adds: [] });
  });

  it('finds a contact renamed here by its email, and updates it rather than adding a second', () => {
    const plan = planContactWrites([{ name: 'Joanna Smith', salutation: 'Jo', email: 'JO@smith.example' }], [jo, sam]);

    expect(plan.updates).toEqual([{ fresh: jo, ours: { name: 'Joanna Smith', salutation: 'Jo', email: 'JO@smith.example' } }]);
    expect(plan.adds).toEqual([]);
  });

  it('lets a name match win over an earlier contact\'s email match', () => {
    const plan = planContactWrites([{ name: 'Jo Hale', email: 'jo@smith.example' }, { name: 'Jo Smith', salutation: 'Jo', email: 'jo@smith.example' }], [jo]);

    expect(plan.updates).toEqual([]);
    expect(plan.adds).toEqual([{ contact: { name: 'Jo Hale', email: 'jo@smith.example' }, primary: false }]);
  });

  it('adds a contact only here, primary only when it is our first and XPM has no primary contact', () => {
    expect(planContactWrites([{ name: 'Ann Lee' }], [jo]).adds).toEqual([{ contact: { name: 'Ann Lee' }, primary: false }]);
    expect(planContactWrites([{ name: 'Ann Lee' }, { name: 'Bob Hale' }], [sam]).adds).toEqual([
      { contact: { name: 'Ann Lee' }, primary: true }, { contact: { name: 'Bob Hale' }, primary: false },
    ]);
  });

  it('never deletes: a contact XPM has and we do not is left alone', () => {
    expect(planContactWrites([{ name: 'Sam Reed', mobile: '07700 900001' }], [jo, sam])).toEqual({ updates: [], adds: [] });
  });

  it('counts contacts as shown when each of ours is in XPM with the same details, XPM holding more or not', () => {
    const theirs = [{ name: 'Jo Smith', salutation: 'Jo' }, { name: 'Sam Reed' }];
    expect(contactsShown([{ name: 'Jo Smith', salutation: 'Jo' }], theirs)).toBe(true);
    expect(contactsShown(null, theirs)).toBe(true);
    expect(contactsShown([{ name: 'Jo Smith' }], theirs)).toBe(false);
    expect(contactsShown([{ name: 'Jo Smith', salutation: 'Jo' }, { name: 'Jo Smith', salutation: 'Jo' }], theirs)).toBe(false);
  });
});

const practiceId: PracticeId = asId('pr-xpm');
let host: XpmApiHost;
let xpm: RegisteredApp;
let connection: AppConnection;

beforeEach(async () => {
  ({ host, xpm, connection } = await connectedXpm(practiceId, { clock: { now: () => new Date() } }));
});
afterEach(() => host.close());

describe('the XPM client writer with contacts', () => {
  const token = async () => connection.tokens.accessToken;
  const entryFor = (payload: ClientWritePayload) =>
    newOutboxEntry({ practiceId, app: 'xpm', kind: 'client', sourceId: payload.reference, period: 'p', payload }, 'ob-1', new Date());
  const details = (c: XpmContactRecord) => ({ name: c.name, salutation: c.salutation ?? undefined, email: c.email ?? undefined, phone: c.phone ?? undefined, mobile: c.mobile ?? undefined });

  it('updates a changed contact and adds a new one, keeps what XPM alone holds and the contact we no longer have, and a retry writes nothing twice', async () => {
    const target = host.sandbox!.clients().find((c) => !c.isArchived && !c.isDeleted && c.contacts.length >= 2)!;
    // XPM's own fields on the contact we change, so we can see they survive.
    host.sandbox!.practice.editContact(target.uuid, target.contacts[0]!.uuid, { position: 'Finance Director', addressee: 'Mr A N Other' });
    const [changed, dropped] = target.contacts.map((c) => ({ ...c }));
    const before = { ...target, contacts: undefined };
    const ours = [{ ...details(changed!), mobile: '07700 900555', salutation: undefined }, { name: 'Bea Newman', email: 'bea@newman.example' }];
    const entry = entryFor({ externalId: target.uuid, reference: 'cl-1', name: target.name, values: { contacts: ours } });
    const writer = xpm.adapters.writers!.client!;

    expect(await writer.lookup(entry, token, connection)).toBeNull();
    expect(await writer.create(entry, token, connection)).toBe(target.uuid);

    const after = host.sandbox!.clients().find((c) => c.uuid === target.uuid)!;
    expect(after.contacts.find((c) => c.uuid === changed!.uuid)).toMatchObject({
      name: changed!.name, mobile: '07700 900555', salutation: null, position: 'Finance Director', addressee: 'Mr A N Other', isPrimary: changed!.isPrimary,
    });
    expect(after.contacts.filter((c) => c.name === 'Bea Newman')).toEqual([expect.objectContaining({ email: 'bea@newman.example', isPrimary: false })]);
    expect(after.contacts.find((c) => c.uuid === dropped!.uuid)).toEqual(dropped);
    // The client's own fields are not rewritten for a contacts-only write.
    expect({ ...after, contacts: undefined, modifiedAt: before.modifiedAt }).toEqual(before);

    // Killed before the outbox recorded it: the look-up finds it made, and even a second create adds nothing.
    expect(await writer.lookup(entry, token, connection)).toBe(target.uuid);
    const count = after.contacts.length;
    await writer.create(entry, token, connection);
    expect(host.sandbox!.clients().find((c) => c.uuid === target.uuid)!.contacts).toHaveLength(count);
  });

  it('writes the client\'s fields and its contacts in one write', async () => {
    const target = host.sandbox!.clients().find((c) => !c.isArchived && !c.isDeleted && c.contacts.length >= 1)!;
    const ours = target.contacts.map((c, i) => (i === 0 ? { ...details(c), phone: '0113 496 0777' } : details(c)));
    const entry = entryFor({ externalId: target.uuid, reference: 'cl-2', name: target.name, values: { fax: '0113 496 0888', contacts: ours } });
    const writer = xpm.adapters.writers!.client!;

    await writer.create(entry, token, connection);

    const after = host.sandbox!.clients().find((c) => c.uuid === target.uuid)!;
    expect(after.fax).toBe('0113 496 0888');
    expect(after.contacts[0]!.phone).toBe('0113 496 0777');
    expect(await writer.lookup(entry, token, connection)).toBe(target.uuid);
  });
});
