import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveXpmConsent } from '../../adapters/sandbox/xpm.js';
import type { XpmClientRecord } from '../../adapters/sandbox/xpm-data.js';
import type { Client } from '../../domain/practice/client.js';
import type { PracticeId } from '../../domain/shared/ids.js';
import { shellBotForFile } from '../support/shell-bot.js';

/**
 * The help article's field table, row by row, on the composed bot through the shell with the XPM
 * sandbox (small practice): each two-way field edited here reaches XPM and edited in XPM reaches us;
 * the one-way ones (groups, website, tax registration) come from XPM and an edit here neither reaches
 * XPM nor lasts; the company structure is copied on the first sync only; status, email, tax numbers
 * and what XPM alone keeps are never written there. Fields the shell cannot edit here (addresses,
 * contacts, groups, tax registration) are edited in the store, as the bot's own forms would.
 * Partner and manager are left to the staff-linking work, which gates them to staff linked to users.
 */
const { bot, type, local, linkIn } = shellBotForFile('xpm-fields');
const xpm = () => bot().app.xpm.sandbox!;
const inXpm = (uuid: string) => xpm().clients().find((c) => c.uuid === uuid)!;

let practiceId: PracticeId;
const ours = (name: string): Promise<Client> => bot().app.inScope(async () => {
  const [found] = await bot().app.stores.clients.findByName(practiceId, name);
  if (!found) throw new Error(`no client here named ${name}`);
  return found;
});
/** An edit here the shell has no command for, dated now so the next sync reads the client back. */
const editOurs = (name: string, change: Partial<Client>) => bot().app.inScope(async () => {
  const [found] = await bot().app.stores.clients.findByName(practiceId, name);
  const saved = await bot().app.stores.clients.save({ ...found!, ...change, updatedAt: new Date() });
  if (!saved.ok) throw new Error(`could not save ${name}`);
});
/** A write reaches XPM through the outbox, drained after the sync. */
const eventually = (check: () => unknown) => expect.poll(check, { timeout: 20_000, interval: 300 });

/** Live sandbox clients with plain names, each handed out once so the rows do not meet (the live record: read its name before changing it). */
const used = new Set<string>();
const pick = (fits: (c: XpmClientRecord) => boolean = () => true): XpmClientRecord => {
  const c = xpm().clients().find((x) => !x.isArchived && !x.isDeleted && /^[\w .,&'-]+$/.test(x.name) && !used.has(x.uuid) && fits(x));
  if (!c) throw new Error('the small practice has no client left for this row');
  used.add(c.uuid);
  return c;
};

beforeAll(async () => {
  const back = (await approveXpmConsent(local(linkIn(await type('connect xpm'))))).headers.get('location') ?? '';
  expect((await fetch(local(back))).status).toBe(200);
  await type('connect xpm');
  expect(await type(`connect xpm ${xpm().tenantId}`)).toContain('Connected:');
  const [practice] = await bot().app.inScope(() => bot().app.stores.practices.list());
  practiceId = practice!.id;
  const live = xpm().clients().filter((c) => !c.isArchived && !c.isDeleted).length;
  // The first sync runs in the background once the practice is connected.
  const done = new RegExp(`Last sync:.*${live} checked`);
  for (let waited = 0; !done.test(await type('apps')); waited += 500) {
    if (waited > 30_000) throw new Error('the first XPM sync did not finish in 30 s');
    await new Promise((r) => setTimeout(r, 500));
  }
}, 90_000);
afterAll(() => used.clear());

describe('the XPM field table, both directions', { timeout: 90_000 }, () => {
  it('first sync: every client a lead, with XPM\'s structure, groups, website and tax registration', async () => {
    const c = pick((x) => x.businessStructure === 'Company' && x.groupUuids.length > 0 && !!x.website && x.gstRegistered !== null);
    const here = await ours(c.name);

    expect(here).toMatchObject({
      status: 'lead', businessStructure: 'limited-company', website: c.website, taxRegistered: c.gstRegistered,
      groups: c.groupUuids.map((g) => xpm().groups().find((x) => x.uuid === g)!.name),
    });
  });

  it('two-way: name, street and postal address, phone, fax and contacts edited here reach XPM', async () => {
    const named = pick(), placed = pick(), phoned = pick();
    const renamed = `${named.name} Renamed`;
    const known = pick((x) => x.contacts.length >= 1 && x.contacts.some((k) => k.isPrimary));
    const keptPosition = known.contacts[0]!.position;
    const [first, ...rest] = (await ours(known.name)).contacts!;
    await type(`client edit "${named.name}" name="${renamed}"`);
    await editOurs(placed.name, {
      streetAddress: { line1: 'Unit 9', line2: '14 Quay Street', city: 'Bristol', region: 'Avon', postcode: 'BS1 4DJ', country: 'United Kingdom' },
      postalAddress: { line1: 'PO Box 12', city: 'Bristol', postcode: 'BS99 1AA', country: 'United Kingdom' },
    });
    await type(`client edit "${phoned.name}" phone="0117 496 0100" fax="0117 496 0101"`);
    const edited = { name: first!.name, salutation: 'Dr', email: 'first@contacts.example', phone: '0117 496 0102', mobile: '07700 900102' };
    await editOurs(known.name, { contacts: [edited, ...rest, { name: 'Nadia Brook', email: 'nadia@brook.example', mobile: '07700 900103' }] });

    await type('sync xpm');

    await eventually(() => inXpm(named.uuid).name).toBe(renamed);
    await eventually(() => inXpm(placed.uuid)).toMatchObject({
      address: 'Unit 9\n14 Quay Street', city: 'Bristol', region: 'Avon', postCode: 'BS1 4DJ', country: 'United Kingdom',
      postalAddress: 'PO Box 12', postalCity: 'Bristol', postalRegion: null, postalPostCode: 'BS99 1AA', postalCountry: 'United Kingdom',
    });
    await eventually(() => inXpm(phoned.uuid)).toMatchObject({ phone: '0117 496 0100', fax: '0117 496 0101' });
    await eventually(() => inXpm(known.uuid).contacts.find((k) => k.name === 'Nadia Brook')).toMatchObject({ email: 'nadia@brook.example', mobile: '07700 900103' });
    // The changed contact keeps its place and what XPM alone holds (its position).
    expect(inXpm(known.uuid).contacts.find((k) => k.name === first!.name)).toMatchObject({ ...edited, position: keptPosition });
    expect(inXpm(known.uuid).contacts).toHaveLength(rest.length + 2);

    // The next sync finds both sides agreeing: nothing moves back, no conflict.
    await type('sync xpm');
    expect(await type('conflicts')).not.toContain(known.name);
    expect((await ours(known.name)).contacts).toHaveLength(rest.length + 2);
    expect((await ours(renamed)).status).toBe('lead');
  });

  it('two-way: name, street and postal address, phone, fax and contacts edited in XPM reach us', async () => {
    const named = pick(), placed = pick(), phoned = pick(), known = pick((x) => x.contacts.length >= 1);
    const contact = known.contacts[0]!;
    const renamed = `${named.name} Holdings`;
    xpm().practice.edit(named.uuid, { name: renamed });
    xpm().practice.edit(placed.uuid, {
      address: '2 Mill Lane\nHolbeck', city: 'Leeds', region: 'West Yorkshire', postCode: 'LS11 5AA', country: 'United Kingdom',
      postalAddress: 'PO Box 88', postalCity: 'Leeds', postalRegion: null, postalPostCode: 'LS1 1AA', postalCountry: 'United Kingdom',
    });
    xpm().practice.edit(phoned.uuid, { phone: '0113 496 0200', fax: '0113 496 0201' });
    xpm().practice.editContact(known.uuid, contact.uuid, { name: 'Priya Chandra', salutation: 'Priya', email: 'priya@chandra.example', phone: '0113 496 0202', mobile: '07700 900202' });

    await type('sync xpm');

    expect((await ours(renamed)).status).toBe('lead');
    expect(await ours(placed.name)).toMatchObject({
      streetAddress: { line1: '2 Mill Lane', line2: 'Holbeck', city: 'Leeds', region: 'West Yorkshire', postcode: 'LS11 5AA', country: 'United Kingdom' },
      postalAddress: { line1: 'PO Box 88', city: 'Leeds', postcode: 'LS1 1AA', country: 'United Kingdom' },
    });
    expect(await ours(phoned.name)).toMatchObject({ phone: '0113 496 0200', fax: '0113 496 0201' });
    expect((await ours(known.name)).contacts).toContainEqual({ name: 'Priya Chandra', salutation: 'Priya', email: 'priya@chandra.example', phone: '0113 496 0202', mobile: '07700 900202' });
  });

  it('one way from XPM: groups, website and tax registration changed in XPM reach us; a structure changed there does not', async () => {
    const c = pick((x) => x.businessStructure === 'Company' && x.gstRegistered !== null);
    const group = xpm().groups().find((g) => !c.groupUuids.includes(g.uuid))!;
    inXpm(c.uuid).groupUuids = [...c.groupUuids, group.uuid];
    xpm().practice.edit(c.uuid, { website: 'https://changed-in-xpm.example', gstRegistered: !c.gstRegistered, businessStructure: 'Trust' });

    await type('sync xpm');

    const here = await ours(c.name);
    expect(here.groups).toContain(group.name);
    expect(here).toMatchObject({ website: 'https://changed-in-xpm.example', taxRegistered: inXpm(c.uuid).gstRegistered });
    // First sync only: XPM's later change of structure leaves ours as it was.
    expect(here.businessStructure).toBe('limited-company');
  });

  it('one way and never: what we edit here of groups, website, tax registration, structure, status, email and tax numbers is not written to XPM', async () => {
    const c = pick((x) => x.businessStructure === 'Company' && !!x.website && x.gstRegistered !== null && !!x.email && x.contacts.length > 0);
    const before = structuredClone(inXpm(c.uuid));
    // Groups cannot be set here at all.
    expect(await type(`client edit "${c.name}" groups="VIP"`)).toMatch(/fields you can set are/);
    await type(`client edit "${c.name}" website=https://edited-here.example structure=trust status=client email=new@edited-here.example vat-number="GB 123 4567 89" company-number=01234567`);
    await editOurs(c.name, { groups: ['Edited here'], taxRegistered: !c.gstRegistered });
    // One two-way change too, so a write is made and we can see what it carried.
    await type(`client edit "${c.name}" phone="0117 496 0300"`);

    await type('sync xpm');

    await eventually(() => inXpm(c.uuid).phone).toBe('0117 496 0300');
    // XPM keeps every field we do not own, and the contacts' positions and addressees, as they were.
    expect({ ...inXpm(c.uuid), phone: before.phone, modifiedAt: before.modifiedAt }).toEqual(before);
    const here = await ours(c.name);
    // One way: XPM's values win back here.
    expect(here).toMatchObject({ website: before.website, taxRegistered: before.gstRegistered });
    expect(here.groups).not.toContain('Edited here');
    // First sync only and never: ours stay as we set them.
    expect(here).toMatchObject({ businessStructure: 'trust', status: 'client', email: 'new@edited-here.example', vatNumber: 'GB 123 4567 89', companyNumber: '01234567' });
  });

  it('never: a lead here stays a lead whatever changes in XPM, and a client here stays a client', async () => {
    const lead = pick(), client = pick();
    await type(`client edit "${client.name}" status=client`);
    xpm().practice.edit(lead.uuid, { phone: '0117 496 0400' });
    xpm().practice.edit(client.uuid, { phone: '0117 496 0401' });

    await type('sync xpm');

    expect(await ours(lead.name)).toMatchObject({ status: 'lead', phone: '0117 496 0400' });
    expect(await ours(client.name)).toMatchObject({ status: 'client', phone: '0117 496 0401' });
  });
});
