import { describe, expect, it } from 'vitest';
import { shellBotForFile } from '../support/shell-bot.js';
import { approveSageConsent } from '../../adapters/sandbox/sage.js';

/**
 * The "done when", on the composed bot through the shell, against the Sage sandbox: connect
 * Sage, pick the UK business (the Irish one is refused), map tax rates and enable; an accepted
 * proposal becomes an upfront invoice in Sage; a closed period posts the failed-deployment card, and
 * Retry after it reopens deploys exactly one invoice.
 */
const printed: string[] = [];
const { bot, type, local, linkIn } = shellBotForFile('sage-billing', { write: (t) => { printed.push(t); } });
const sandbox = () => bot().app.sage.sandbox!;
const uk = () => sandbox().businesses().find((b) => b.currency === 'GBP')!;
const ie = () => sandbox().businesses().find((b) => b.currency !== 'GBP')!;
const invoicesInSage = () => sandbox().invoices(uk().id);

describe('billing into the Sage sandbox through the shell', { timeout: 60_000 }, () => {
  it('connects Sage to the UK business only, refusing the Irish one with the reason', async () => {
    const link = linkIn(await type('connect sage'));
    const callback = (await approveSageConsent(local(link))).headers.get('location') ?? '';
    const page = await (await fetch(local(callback))).text();

    expect(page).toContain('Signed in to Sage');
    expect(page).toContain(uk().name.replace('&', '&#38;'));
    const chooser = await type('connect sage');
    expect(chooser).toContain('Choose the Sage business to connect');
    expect(await type(`connect sage ${ie().id}`)).toContain('UK Sage businesses only');
    expect(await type(`connect sage ${uk().id}`)).toContain(`Connected: ${uk().name}`);
  });

  it('maps tax rates and enables the app from its settings', async () => {
    await type('service add "Year-end accounts" price=1200 billing=upfront');
    const blocked = await type('sage settings sales-account=4000 enable=yes');
    const enabled = await type('sage settings sales-account=4000 tax-standard=GB_STANDARD manual-days=7 enable=yes');

    expect(blocked).toContain('Not enabled, and nothing saved: map VAT 20% to a ledger tax rate');
    expect(enabled).toContain('Sage is enabled');
    expect(await type('apps')).toContain('Sage: Enabled (Sandbox)');
    expect(await type('sync sage')).toContain('Sage sync finished');
  });

  it('turns an accepted proposal into an upfront invoice in Sage, with its lines, VAT, terms and our number as reference', async () => {
    await type('client add "Acme Ltd" email=accounts@acme.example');
    await type('proposal new "Acme Ltd"');
    await type('proposal add "Year-end accounts"');
    await type('proposal send P-1');
    await type('proposal accept-internally P-1 signer="Jane Client"');

    await expect.poll(() => invoicesInSage().length, { timeout: 20_000, interval: 200 }).toBe(1);
    const [sent] = invoicesInSage();
    expect(sent).toMatchObject({ reference: 'INV-0001' });
    expect(JSON.stringify(sent)).toContain('Year-end accounts');
    await expect.poll(() => type('invoice show INV-0001'), { timeout: 10_000, interval: 200 }).toContain('In Sage as SI-1');
    const shown = await type('invoice show INV-0001');
    expect(shown).toContain('£240.00'); // VAT at 20% on £1,200
    expect(shown).toContain('£1,440.00');
    expect(shown).toContain('/sandbox/sage/app/invoices/');
  });

  it('posts the failed-deployment card when Sage refuses a closed period, and Retry deploys exactly one invoice', async () => {
    await type('sage sandbox closed-period on');
    await type('bill "Acme Ltd" "Year-end accounts"');

    await expect.poll(() => printed.join(''), { timeout: 20_000, interval: 200 }).toContain("Invoice INV-0002 for Acme Ltd didn't reach Sage");
    const alert = printed.join('');
    expect(alert).toContain('closed in Sage');
    expect(alert).toMatch(/Retry/);
    expect(invoicesInSage().filter((i) => i.reference === 'INV-0002')).toHaveLength(0);

    await type('sage sandbox closed-period off');
    expect(await type('invoice retry INV-0002')).toContain('queued again');
    await expect.poll(() => invoicesInSage().filter((i) => i.reference === 'INV-0002').length, { timeout: 20_000, interval: 200 }).toBe(1);
    expect(await type('invoice retry INV-0002')).toContain('Already written');
    expect(invoicesInSage()).toHaveLength(2);
  });
});
