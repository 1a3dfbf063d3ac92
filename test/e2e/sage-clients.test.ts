import { describe, expect, it } from 'vitest';
import { shellBotForFile } from '../support/shell-bot.js';
import { approveGustoConsent } from '../../adapters/sandbox/gusto.js';
import { approveSageConsent } from '../../adapters/sandbox/sage.js';

/**
 * The "done when", on the composed bot through the shell, with the Gusto and Sage sandboxes
 * connected: the Sage customers listed for import; converting one that is exactly a Gusto client
 * offers Link instead; a "Ltd"/"Limited" pair suggested with its reason and linked on a click; a
 * Sage-only customer offered in the proposal chooser; an invoice for a mapped client made out to the
 * mapped Sage contact.
 */
const { bot, type, local, linkIn } = shellBotForFile('sage-clients');
const sage = () => bot().app.sage.sandbox!;
const uk = () => sage().businesses().find((b) => b.currency === 'GBP')!;
const customer = (name: string) => sage().contacts(uk().id).find((c) => c.name === name)!;

describe('Sage customers imported, linked and mapped through the shell', { timeout: 90_000 }, () => {
  it('lists the Sage customers for import once Gusto and Sage are connected', async () => {
    const gusto = bot().app.gusto.sandbox!;
    const coastal = gusto.companies().find((c) => c.name === 'Coastal Dental 1 LLC')!;
    await approveGustoConsent(local(linkIn(await type('connect gusto'))), { company: coastal.uuid, follow: true });
    const back = (await approveSageConsent(local(linkIn(await type('connect sage'))))).headers.get('location') ?? '';
    await fetch(local(back));
    expect(await type(`connect sage ${uk().id}`)).toContain(`Connected: ${uk().name}`);

    await expect.poll(() => type('clients import sage'), { timeout: 20_000, interval: 300 }).toContain('300 Sage clients are not linked to a client here yet');
    const listed = await type('clients import sage');
    expect(listed).toContain('Abbott Pharmacy');
    expect(listed).toMatch(/Convert\s+\[\d+\] Link to a client here\s+\[\d+\] Don't import/);
    expect(await type('clients')).toContain('Coastal Dental 1 LLC');
    const tile = await type('apps');
    expect(tile).toContain('Sage: Connected, not enabled');
    expect(tile).toMatch(/Last sync:.*300 new/);
    expect(tile).toMatch(/Next sync:\s+\w{3} \d+ \w{3}, 05:30/);
    expect(tile).toContain('Import clients');
  });

  it('offers Link instead of Convert for a customer that is exactly a Gusto client, and links it', async () => {
    const coastal = customer('Coastal Dental 1 LLC');

    const offered = await type(`clients import sage convert ${coastal.id}`);
    const linked = await type(`clients import sage link ${coastal.id} "Coastal Dental 1 LLC"`);

    expect(offered).toContain('Coastal Dental 1 LLC is already here');
    expect(offered).toContain('the same name');
    expect(offered).toContain('Link to Coastal Dental 1 LLC');
    expect(offered).not.toMatch(/\] Convert/);
    expect(linked).toContain('Coastal Dental 1 LLC');
    expect(await type('client show "Coastal Dental 1 LLC"')).toMatch(/Sage client:\s+Coastal Dental 1 LLC/);
    expect(await type('clients import sage search=Coastal')).not.toContain('Coastal Dental 1 LLC');
  });

  it('suggests a "Ltd"/"Limited" pair with its reason, and links it on the click', async () => {
    await type('client add "Acme Co Limited"');
    const acme = customer('Acme Co Ltd');

    const suggested = await type(`clients import sage convert ${acme.id}`);
    await type(`clients import sage link ${acme.id} "Acme Co Limited"`);

    expect(suggested).toContain('Looks like client Acme Co Limited');
    expect(suggested).toContain('the same name once "Ltd"/"Limited"');
    expect(suggested).toMatch(/Link\s+\[\d+\] Not the same/);
    expect(suggested).toContain('Nothing was created');
    expect(await type('client show "Acme Co Limited"')).toMatch(/Sage client:\s+Acme Co Ltd/);
  });

  it('reports a linked customer deleted in Sage, keeps the link, and says so on the client card', async () => {
    expect(await type('sage sandbox delete "Acme Co Ltd"')).toContain('Acme Co Ltd');

    const synced = await type('sync sage');

    expect(synced).toContain('Deleted in Sage');
    expect(synced).toContain('Acme Co Limited');
    expect(await type('client show "Acme Co Limited"')).toMatch(/Sage client:\s+Acme Co Ltd — deleted in Sage/);
  });

  it('offers a Sage-only customer in the proposal chooser, and makes it a linked client when picked', async () => {
    const tidewater = customer('Tidewater Joiners');

    const chooser = await type('proposal new "Tidewater Joiners"');
    const picked = await type(`proposal new "Tidewater Joiners" from=sage:${tidewater.id}`);

    expect(chooser).toContain('Sage customer Tidewater Joiners');
    expect(chooser).toContain('Nothing has been created yet');
    expect(picked).toContain('P-1');
    expect(await type('client show "Tidewater Joiners"')).toMatch(/Sage client:\s+Tidewater Joiners/);
  });

  it('asks a person before using a picked Sage customer that may already be a client here', async () => {
    await type('client add "Marsh and Webb Ltd"');
    const marsh = customer('Marsh & Webb Limited');

    const asked = await type(`proposal new "Marsh & Webb Limited" from=sage:${marsh.id}`);

    expect(asked).toContain('No proposal started');
    expect(asked).toContain('it may already be client Marsh and Webb Ltd');
    expect(asked).toContain('Decide Marsh & Webb Limited');
    expect(await type('client show "Marsh & Webb Limited"')).toContain('No client');
  });

  it('sends an invoice for a mapped client to the mapped Sage contact', async () => {
    const mapped = customer('Abbott Pharmacy');
    await type('client add "Abbott Chemists Ltd" email=accounts@abbott-chemists.example');
    const map = await type('client map "Abbott Chemists Ltd" sage "Abbott Pharmacy"');
    await type('service add "Year-end accounts" price=1200 billing=upfront');
    expect(await type('sage settings sales-account=4000 tax-standard=GB_STANDARD enable=yes')).toContain('Sage is enabled');
    const contactsBefore = sage().contacts(uk().id).length;

    await type('bill "Abbott Chemists Ltd" "Year-end accounts"');

    expect(map).toContain('Abbott Pharmacy');
    await expect.poll(() => sage().invoices(uk().id).length, { timeout: 20_000, interval: 200 }).toBe(1);
    expect(sage().invoices(uk().id)[0]).toMatchObject({ contactId: mapped.id, contactName: 'Abbott Pharmacy' });
    expect(sage().contacts(uk().id)).toHaveLength(contactsBefore);
  });
});
