import { describe, expect, it } from 'vitest';
import { shellBotForFile } from '../support/shell-bot.js';
import { approveXpmConsent } from '../../adapters/sandbox/xpm.js';

/**
 * A client archived in XPM, on the composed bot through the shell with the XPM sandbox (small
 * practice): `xpm sandbox archive NAME`, then `sync xpm` says so on its card with what to do, once;
 * the client stays here.
 */
const { bot, type, local, linkIn } = shellBotForFile('xpm-gone');
const xpm = () => bot().app.xpm.sandbox!;

describe('a client archived in Xero Practice Manager, through the shell', { timeout: 90_000 }, () => {
  it('is reported on the next sync with what to do, once, and stays here', async () => {
    const back = (await approveXpmConsent(local(linkIn(await type('connect xpm'))))).headers.get('location') ?? '';
    expect((await fetch(local(back))).status).toBe(200);
    await type(`connect xpm ${xpm().tenantId}`);
    const target = xpm().clients().find((c) => !c.isArchived && !c.isDeleted && /^[\w .,&'-]+$/.test(c.name))!;
    await expect.poll(() => type(`client show "${target.name}"`), { timeout: 30_000, interval: 500 }).toContain('Linked to Xero Practice Manager');

    expect(await type(`xpm sandbox archive ${target.name}`)).toContain(`Archived ${target.name} in the XPM sandbox`);
    const synced = await type('sync xpm');

    expect(synced).toContain(`Archived in Xero Practice Manager: ${target.name}`);
    expect(synced).toContain('[2] Stop syncing with Xero Practice Manager');
    expect(await type(`client show "${target.name}"`)).toMatch(/Lead/);
    expect(await type('sync xpm')).not.toContain(`Archived in Xero Practice Manager: ${target.name}`);
  });
});
