import { describe, expect, it } from 'vitest';
import { approveXpmConsent } from '../../adapters/sandbox/xpm.js';
import { shellBotForFile } from '../support/shell-bot.js';

/**
 * XPM's staff and job templates on the composed bot through the shell, with the XPM sandbox (small
 * practice) mounted on the bot's own server: connecting offers the practice's staff as users; adding
 * one links them to the person who will use the bot, and `users` shows it; a service links to one of
 * the imported job templates by name, and its card shows the template.
 */
let printed = '';
const { bot, type, local, linkIn } = shellBotForFile('xpm-staff-shell', { write: (text) => { printed += text; } });
const xpm = () => bot().app.xpm.sandbox!;

describe('XPM staff as users and job templates through the shell', { timeout: 90_000 }, () => {
  it('offers the staff as users on connecting, and adds one as the person who asked', async () => {
    const back = (await approveXpmConsent(local(linkIn(await type('connect xpm'))))).headers.get('location') ?? '';
    expect((await fetch(local(back))).status).toBe(200);
    await type('connect xpm');
    const connected = await type(`connect xpm ${xpm().tenantId}`);
    expect(connected).toContain('Connected: Harbour & Finch Accountants');
    // Said on the card too, for a practice that has routed no channel for sync results yet.
    expect(connected).toContain('add your XPM staff as users');
    expect(connected).toMatch(/\[\d\] Staff/);

    // The first sync runs in the background; its "pick who" card is posted to the channel (printed here).
    await expect.poll(() => printed, { timeout: 30_000, interval: 500 }).toContain('Xero Practice Manager: add your staff as users?');
    const priya = xpm().staff().find((s) => s.name === 'Priya Shah')!;
    expect(printed).toMatch(/Priya Shah\n.*not a user here yet\n.*Add as a user/);

    // The card's button, then the chooser's first button ("Me"), pressed as a person in the shell would.
    const added = await type(`staff add ${priya.uuid}\n1`);
    expect(added).toContain('Who uses the bot as Priya Shah?');
    expect(added).toMatch(/\[1\] Me \(Ada\)/);
    expect(added).toContain('Ada is Priya Shah in Xero Practice Manager');

    expect(await type('users')).toContain('Xero Practice Manager: Priya Shah');
    expect(await type('staff')).toMatch(/Priya Shah[\s\S]*user here/);
  });

  it('links a service to a sandbox job template by name, and its card shows it', async () => {
    await type('service add "Year-end accounts" price=1200');

    const edited = await type('service edit "Year-end accounts" xpm-template="annual accounts"');

    expect(edited).toContain('Xero Practice Manager job template');
    expect(edited).toContain('Annual Accounts');
    expect(await type('service templates "Year-end accounts"')).toContain('Annual Accounts (linked)');
    // The chooser's first button: Annual Accounts is linked and has none, so it is the next template by name.
    const relinked = await type('service templates "Year-end accounts"\n1');
    expect(relinked).toMatch(/Updated Year-end accounts[\s\S]*Xero Practice Manager job template: Company Secretarial/);
  });
});
