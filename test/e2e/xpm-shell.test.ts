import { describe, expect, it } from 'vitest';
import { shellBotForFile } from '../support/shell-bot.js';
import { approveXpmConsent } from '../../adapters/sandbox/xpm.js';

/**
 * The XPM issue's first "done when", on the composed bot through the shell with the XPM sandbox
 * (small practice) mounted on the bot's own server: connect → the practice's live clients listed as
 * leads; a phone edited here and a fax edited in XPM each reach the other side on `sync xpm`; one
 * field edited on both sides gives a conflict card.
 */
const { bot, type, local, linkIn } = shellBotForFile('xpm-shell');
const xpm = () => bot().app.xpm.sandbox!;
/** Live clients with plain names, so a shell line can name them without quoting puzzles. */
const live = () => xpm().clients().filter((c) => !c.isArchived && !c.isDeleted && /^[\w .,&'-]+$/.test(c.name));
const inXpm = (uuid: string) => xpm().clients().find((c) => c.uuid === uuid)!;

describe('Xero Practice Manager through the shell', { timeout: 90_000 }, () => {
  it('connects the practice and lists its live clients here as leads', async () => {
    const back = (await approveXpmConsent(local(linkIn(await type('connect xpm'))))).headers.get('location') ?? '';
    const page = await fetch(local(back));
    expect(page.status).toBe(200);
    expect(await type('connect xpm')).toContain('Harbour & Finch Accountants');
    expect(await type(`connect xpm ${xpm().tenantId}`)).toContain('Connected: Harbour & Finch Accountants');

    const expected = xpm().clients().filter((c) => !c.isArchived && !c.isDeleted);
    const gone = xpm().clients().filter((c) => c.isArchived || c.isDeleted);
    // The first sync runs in the background once the practice is connected.
    await expect.poll(() => type(`client show "${expected[0]!.name}"`), { timeout: 30_000, interval: 500 }).toMatch(/Lead/);
    for (const c of expected.slice(1, 6)) expect(await type(`client show "${c.name}"`)).toMatch(/Lead/);
    // Archived and deleted clients are not brought in.
    expect(gone.length).toBeGreaterThan(0);
    for (const c of gone) expect(await type(`client show "${c.name}"`)).toContain('No client matches');
    const listed = await type('clients');
    expect(listed).toMatch(/Lead/);
    expect(listed).not.toMatch(/^\s+Client$/m);
    const first = await type(`client show "${expected[0]!.name}"`);
    expect(first).toContain('Linked to Xero Practice Manager');
    // With its contacts, as XPM holds them.
    for (const contact of expected[0]!.contacts) expect(first).toContain(contact.name);
    // The first client shows before the sync has finished with the rest: wait for its outcome.
    await expect.poll(() => type('apps'), { timeout: 30_000, interval: 500 }).toMatch(new RegExp(`Last sync:.*${expected.length} checked: ${expected.length} new`));
  });

  it('sends a phone edited here to XPM and brings a fax edited in XPM here on `sync xpm`', async () => {
    const [ours, theirs] = live();
    await type(`client edit "${ours!.name}" phone="0161 496 0777"`);
    xpm().practice.edit(theirs!.uuid, { fax: '0117 496 0999' });

    const synced = await type('sync xpm');

    expect(synced).toContain('Xero Practice Manager');
    expect(await type(`client show "${theirs!.name}"`)).toContain('0117 496 0999');
    // The phone reaches XPM through the outbox, drained after the sync.
    await expect.poll(() => inXpm(ours!.uuid).phone, { timeout: 20_000, interval: 300 }).toBe('0161 496 0777');
  });

  it('gives a conflict card when one field is edited on both sides, and changes neither', async () => {
    const target = live()[2]!;
    // Edited in XPM the way a person trying the sandbox would: through the shell.
    expect(await type(`xpm sandbox edit "${target.name}" phone="020 7946 0001"`)).toContain(`Changed ${target.name} in the XPM sandbox`);
    await type(`client edit "${target.name}" phone="020 7946 0002"`);

    await type('sync xpm');
    const shown = await type('conflicts');

    expect(shown).toContain(`${target.name}: phone (Xero Practice Manager)`);
    expect(shown).toContain('020 7946 0001');
    expect(shown).toContain('020 7946 0002');
    expect(inXpm(target.uuid).phone).toBe('020 7946 0001');
  });

  it('`disconnect xpm` deletes the connection in Xero and keeps the clients here', async () => {
    const [kept] = live();
    const ours = () => xpm().connections().filter((c) => c.tenantId === xpm().tenantId);
    expect(ours()).toHaveLength(1);

    expect(await type('disconnect xpm')).toContain('Disconnected Harbour & Finch Accountants');

    expect(ours()).toEqual([]);
    expect(await type(`client show "${kept!.name}"`)).toMatch(/Lead/);
  });
});
