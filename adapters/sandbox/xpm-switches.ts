/**
 * Switches that change the sandbox practice between two syncs, as someone working in XPM would:
 * edit a client's field or a contact, add a client, archive or delete one. Each change moves the
 * client's modified time to the sandbox's now (so `modifiedsince` sees it) and is kept in the state
 * file. An unknown client is a mistake in the test or demo calling it, so it throws.
 */
import { randomUUID } from 'node:crypto';
import { keep } from './xpm-context.js';
import type { XpmClientFields, XpmClientRecord, XpmContactRecord, XpmPractice } from './xpm-data.js';

export type XpmPracticeSwitches = {
  /** The client with exactly this name, live or not. */
  clientNamed(name: string): XpmClientRecord | undefined;
  /** Changes some fields (e.g. `{ fax: '0117 496 0000' }`); null clears one. */
  edit(uuid: string, changes: Partial<XpmClientFields>): XpmClientRecord;
  editContact(clientUuid: string, contactUuid: string, changes: Partial<Omit<XpmContactRecord, 'uuid'>>): XpmClientRecord;
  addClient(fields: Partial<XpmClientFields> & { name: string }, contacts?: (Partial<Omit<XpmContactRecord, 'uuid'>> & { name: string })[]): XpmClientRecord;
  archive(uuid: string): XpmClientRecord;
  remove(uuid: string): XpmClientRecord;
  /** A staff member leaves the practice: gone from staff.api/list (staff come from the seed, so the state file does not keep this). */
  removeStaff(uuid: string): void;
};

const blankFields: Omit<XpmClientFields, 'name'> = {
  email: null, address: null, city: null, region: null, postCode: null, country: null,
  postalAddress: null, postalCity: null, postalRegion: null, postalPostCode: null, postalCountry: null,
  phone: null, fax: null, website: null, businessStructure: null, gstRegistered: null, accountManagerUuid: null, jobManagerUuid: null,
};

export function createXpmSwitches(o: { practice: () => XpmPractice; touch: (c: XpmClientRecord) => void; save: () => void }): XpmPracticeSwitches {
  const client = (uuid: string) => {
    const found = o.practice().byUuid.get(uuid);
    if (!found) throw new Error(`the XPM sandbox has no client ${uuid}`);
    return found;
  };
  /** Changes a client (or one of its contacts) and saves; undone if the state file cannot keep it. */
  const changed = (c: XpmClientRecord, change: () => void): XpmClientRecord => {
    const before = { ...c, contacts: c.contacts.map((x) => ({ ...x })) };
    keep(o.save, () => { change(); o.touch(c); }, () => Object.assign(c, before));
    return c;
  };
  return {
    clientNamed: (name) => o.practice().clients.find((c) => c.name === name),
    removeStaff(uuid) {
      const p = o.practice();
      if (!p.staff.some((s) => s.uuid === uuid)) throw new Error(`the XPM sandbox has no staff member ${uuid}`);
      p.staff = p.staff.filter((s) => s.uuid !== uuid);
    },
    edit(uuid, changes) {
      const c = client(uuid);
      return changed(c, () => Object.assign(c, changes));
    },
    editContact(clientUuid, contactUuid, changes) {
      const c = client(clientUuid);
      const contact = c.contacts.find((x) => x.uuid === contactUuid);
      if (!contact) throw new Error(`the XPM sandbox's client ${clientUuid} has no contact ${contactUuid}`);
      return changed(c, () => { c.contacts = c.contacts.map((x) => (x === contact ? { ...x, ...changes } : x)); });
    },
    addClient(fields, contacts = []) {
      const p = o.practice();
      const c: XpmClientRecord = {
        ...blankFields, ...fields, uuid: randomUUID(), groupUuids: [], isArchived: false, isDeleted: false, modifiedAt: 0,
        contacts: contacts.map((x, i) => ({ salutation: null, addressee: null, mobile: null, email: null, phone: null, position: null, isPrimary: i === 0, ...x, uuid: randomUUID() })),
      };
      keep(o.save, () => { p.clients.push(c); p.byUuid.set(c.uuid, c); o.touch(c); }, () => { p.clients.pop(); p.byUuid.delete(c.uuid); });
      return c;
    },
    archive(uuid) {
      const c = client(uuid);
      return changed(c, () => { c.isArchived = true; });
    },
    remove(uuid) {
      const c = client(uuid);
      return changed(c, () => { c.isDeleted = true; });
    },
  };
}
