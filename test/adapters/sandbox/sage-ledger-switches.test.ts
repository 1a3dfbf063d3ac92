/** `sage sandbox add-customers N | rename OLD to NEW | delete NAME`: the UK ledger changed between syncs. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createSageSandbox } from '../../../adapters/sandbox/sage.js';
import { runLedgerSwitch } from '../../../adapters/sandbox/sage-ledger-switches.js';
import type { CommandContext } from '../../../src/commands/command.js';
import { startSageApi } from '../../../src/compose-sandboxes.js';
import { fixedClock } from '../../fakes/clock.js';
import { sageApp, sageHarness, type SageHarness } from './sage-harness.js';

const dirs: string[] = [];
const running: SageHarness[] = [];
afterEach(async () => { await Promise.all(running.splice(0).map((h) => h.close())); });
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

const start = async (o: { stateFile?: string } = {}) => { const h = await sageHarness({ at: '2026-06-16T05:00:00Z', ...o }); running.push(h); return h; };
const words = (line: string) => line.split(' ');
const live = (h: SageHarness) => h.sandbox.contacts(h.uk).filter((c) => !c.deletedAt && c.contactTypeIds.includes('CUSTOMER'));
const named = (h: SageHarness, name: string) => h.sandbox.contacts(h.uk).filter((c) => c.name === name);

describe('Sage sandbox ledger switches', () => {
  it('adds customers with new, plausible names, stamped now, so updated_or_created_since brings exactly them', async () => {
    const h = await start();
    const before = new Set(h.sandbox.contacts(h.uk).map((c) => c.name));
    const { access_token: token } = await h.connect();

    const change = runLedgerSwitch(h.sandbox.ledger, words('add-customers 3'));
    const added = live(h).slice(-3);
    const since = await h.call('GET', `/contacts?contact_type_id=CUSTOMER&updated_or_created_since=${encodeURIComponent('2026-06-16T05:00:00+00:00')}`, { token });

    expect(change).toEqual({ done: true, title: '3 customers added to the Sage sandbox', text: `New in Sage: ${added.map((c) => c.name).join(', ')}. \`sync sage\` brings them here to import.` });
    expect(live(h)).toHaveLength(303);
    expect(added.every((c) => !before.has(c.name) && /^[A-Z][a-z]+ [A-Z]/.test(c.name))).toBe(true);
    expect(added.map((c) => [c.createdAt, c.updatedAt])).toEqual(added.map(() => ['2026-06-16T05:00:00Z', '2026-06-16T05:00:00Z']));
    expect((since.body as { $items: { id: string }[] }).$items.map((c) => c.id)).toEqual(added.map((c) => c.id));
  });

  it('grows the same ledger the same way every time', () => {
    const grow = () => {
      const s = createSageSandbox({ ...sageApp, clock: fixedClock('2026-06-16T05:00:00Z').now });
      return s.ledger.addCustomers(5).map((c) => [c.id, c.name, c.reference]);
    };

    expect(grow()).toEqual(grow());
  });

  it('renames a customer by its name, moving updated_at, even when a name has "to" in it', async () => {
    const h = await start();

    const first = runLedgerSwitch(h.sandbox.ledger, words('rename Acme Co Ltd to Back to Basics Ltd'));
    h.clock.advance(60_000);
    const second = runLedgerSwitch(h.sandbox.ledger, words('rename Back to Basics Ltd to Acme Co Ltd'));

    expect(first).toMatchObject({ done: true, title: 'Customer renamed in the Sage sandbox', text: expect.stringContaining('“Acme Co Ltd” is now “Back to Basics Ltd”') });
    expect(second).toMatchObject({ done: true, text: expect.stringContaining('“Back to Basics Ltd” is now “Acme Co Ltd”') });
    expect(named(h, 'Acme Co Ltd').map((c) => [c.reference, c.updatedAt])).toEqual([['ACM001', '2026-06-16T05:01:00Z']]);
  });

  it('asks which customer when a name matches two but for case, and takes the exact one', async () => {
    const h = await start();

    const loose = runLedgerSwitch(h.sandbox.ledger, words('delete brighton dental care'));
    const exact = runLedgerSwitch(h.sandbox.ledger, words('delete BRIGHTON DENTAL CARE'));

    expect(loose).toMatchObject({ done: false, title: 'Which customer?', text: expect.stringContaining('“Brighton Dental Care”, “BRIGHTON DENTAL CARE”') });
    expect(exact).toMatchObject({ done: true, title: 'Customer deleted in the Sage sandbox' });
    expect(named(h, 'BRIGHTON DENTAL CARE')[0]!.deletedAt).toBe('2026-06-16T05:00:00Z');
    expect(named(h, 'Brighton Dental Care')[0]!.deletedAt).toBeUndefined();
  });

  it('keeps a customer with invoices, as Sage does, and suggests names for one it cannot find', async () => {
    const h = await start();
    const { access_token: token } = await h.connect();
    const acme = named(h, 'Acme Co Ltd')[0]!;
    const sales = ((await h.call('GET', '/ledger_accounts?visible_in=sales', { token })).body as { $items: { id: string }[] }).$items[0]!.id;
    await h.call('POST', '/sales_invoices', { token, body: { sales_invoice: { contact_id: acme.id, date: '2026-06-15', invoice_lines: [{ description: 'Books', ledger_account_id: sales, quantity: 1, unit_price: 100, tax_rate_id: 'GB_STANDARD', tax_amount: 20 }] } } });

    const kept = runLedgerSwitch(h.sandbox.ledger, words('delete Acme Co Ltd'));
    const missing = runLedgerSwitch(h.sandbox.ledger, words('rename Kingfisher to Kestrel Print'));

    expect(kept).toEqual({ done: false, title: 'Sage keeps this customer', text: '“Acme Co Ltd” has invoices in Wren & Hale Joinery Ltd, and Sage does not delete a contact with transactions.' });
    expect(acme.deletedAt).toBeUndefined();
    expect(missing).toMatchObject({ done: false, title: 'No such customer', text: expect.stringContaining('Did you mean “Kingfisher Print Ltd”, “Kingfisher Print Limited”?') });
  });

  it('says how to use it when the words are wrong, and leaves other words to the fault switches', async () => {
    const h = await start();
    const ledger = h.sandbox.ledger;

    expect(['add-customers 0', 'add-customers 501', 'add-customers three', 'rename Acme Co Ltd', 'delete'].map((w) => runLedgerSwitch(ledger, w.split(' ').filter(Boolean))?.title))
      .toEqual(['How many customers?', 'How many customers?', 'How many customers?', 'Rename which customer to what?', 'Delete which customer?']);
    expect(runLedgerSwitch(ledger, words('closed-period on'))).toBeNull();
    expect(live(h)).toHaveLength(300);
  });

  it('keeps every change in the state file across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sage-ledger-'));
    dirs.push(dir);
    const stateFile = join(dir, 'sage-sandbox.json');
    const first = await start({ stateFile });
    const added = first.sandbox.ledger.addCustomers(2).map((c) => c.name);
    first.sandbox.ledger.rename('Tidewater Joiners', 'Tidewater Joiners Ltd');
    first.sandbox.ledger.remove('Swift Couriers');
    first.sandbox.ledger.remove('Pembrook Tea Rooms');

    const second = await start({ stateFile });

    expect(live(second).slice(-2).map((c) => c.name)).toEqual(added);
    expect(named(second, 'Tidewater Joiners Ltd')).toHaveLength(1);
    expect(named(second, 'Pembrook Tea Rooms')[0]!.deletedAt).toBe('2026-06-16T05:00:00Z');
  });

  it('answers `sage sandbox …` in chat with a card saying what changed and that `sync sage` brings it', async () => {
    const host = await startSageApi({});
    try {
      const command = host.commands.find((c) => c.verb === 'sage sandbox')!;
      const run = (positional: string[]) => command.run({ args: { positional, named: {} } } as unknown as CommandContext);

      const [renamed] = await run(['rename', 'Acme Co Ltd', 'to', 'Acme Co Limited']);
      const [unknown] = await run(['delete', 'Nobody', 'Here']);

      expect(renamed).toMatchObject({ title: 'Customer renamed in the Sage sandbox', tone: 'success', text: expect.stringContaining('`sync sage`'), buttons: [{ label: 'Sync Sage', command: 'sync sage' }, { label: 'Apps', command: 'apps' }] });
      expect(unknown).toMatchObject({ title: 'No such customer', tone: 'error' });
      expect(host.sandbox!.contacts(host.sandbox!.businesses()[0]!.id).filter((c) => c.name === 'Acme Co Limited')).toHaveLength(2);
    } finally {
      await host.close();
    }
  });
});
