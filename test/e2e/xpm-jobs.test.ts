import { describe, expect, it } from 'vitest';
import { approveXpmConsent } from '../../adapters/sandbox/xpm.js';
import { shellBotForFile } from '../support/shell-bot.js';

/**
 * The XPM issue's last "done when", on the composed bot through the shell with the XPM sandbox (small
 * practice): a lead accepting a proposal whose service links to a job template → the client and one
 * job appear in the sandbox, once; a lead with exactly the name of an XPM client nobody here is
 * linked to gets its job under that client.
 */
const printed: string[] = [];
const { bot, type, local, linkIn } = shellBotForFile('xpm-jobs', { write: (t) => { printed.push(t); } });
const xpm = () => bot().app.xpm.sandbox!;
const named = (name: string) => xpm().clients().filter((c) => c.name.toLowerCase() === name.toLowerCase());
const jobsOf = (uuid: string | undefined) => xpm().jobs().filter((j) => j.clientUuid === uuid);

describe('jobs in Xero Practice Manager on acceptance, through the shell', { timeout: 120_000 }, () => {
  it('connects the practice', async () => {
    const back = (await approveXpmConsent(local(linkIn(await type('connect xpm'))))).headers.get('location') ?? '';
    await fetch(local(back));
    expect(await type(`connect xpm ${xpm().tenantId}`)).toContain('Connected: Harbour & Finch Accountants');
    const first = xpm().clients().find((c) => !c.isArchived && !c.isDeleted)!;
    await expect.poll(() => type(`client show "${first.name}"`), { timeout: 30_000, interval: 500 }).toMatch(/Lead/);
  });

  it('creates the new client in XPM with one job from the service\'s template, and never a second', async () => {
    const template = xpm().templates()[0]!;
    // By the imported template's name, as a person links it; stored as its UUID.
    await type(`service add "Bookkeeping setup" price=500 billing=upfront xpm-template="${template.name}"`);
    await type('client add "Brand New Trading Ltd" status=lead email=hello@brandnew.example');
    expect(named('Brand New Trading Ltd')).toEqual([]);
    await type('proposal new "Brand New Trading Ltd"');
    await type('proposal add "Bookkeeping setup"');
    await type('proposal send P-1');
    await type('proposal accept-internally P-1 signer="Bea New"');

    await expect.poll(() => named('Brand New Trading Ltd').length, { timeout: 30_000, interval: 300 }).toBe(1);
    const client = named('Brand New Trading Ltd')[0]!;
    await expect.poll(() => jobsOf(client.uuid).length, { timeout: 30_000, interval: 300 }).toBe(1);
    expect(jobsOf(client.uuid)[0]).toMatchObject({ name: 'Bookkeeping setup', templateUuid: template.uuid, clientOrderNumber: expect.stringMatching(/^P-1-.+-once$/) });
    await expect.poll(() => printed.join(''), { timeout: 20_000, interval: 300 }).toContain('created in Xero Practice Manager');
    expect(await type('client show "Brand New Trading Ltd"')).toContain('Linked to Xero Practice Manager');

    // The reconciler again, and the outbox drained again: nothing new in XPM.
    await bot().app.inScope(() => bot().app.jobs.runAll());
    await bot().app.inScope(() => bot().app.outbox.useCases.drain());
    expect(named('Brand New Trading Ltd')).toHaveLength(1);
    expect(jobsOf(client.uuid)).toHaveLength(1);
  });

  it('puts the job under the XPM client with exactly the lead\'s name when nobody here is linked to it', async () => {
    const theirs = xpm().practice.addClient({ name: 'Quayside Bakery Ltd' });
    await type('client add "Quayside Bakery Ltd" status=lead');
    await type('proposal new "Quayside Bakery Ltd"');
    await type('proposal add "Bookkeeping setup"');
    await type('proposal send P-2');
    await type('proposal accept-internally P-2 signer="Quinn"');

    await expect.poll(() => jobsOf(theirs.uuid).length, { timeout: 30_000, interval: 300 }).toBe(1);
    expect(named('Quayside Bakery Ltd')).toHaveLength(1);
    expect(jobsOf(theirs.uuid)[0]!.clientOrderNumber).toMatch(/^P-2-/);
  });
});
