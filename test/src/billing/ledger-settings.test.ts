import { describe, expect, it } from 'vitest';
import { defaultLedgerSettings, type LedgerSettings } from '../../../domain/invoicing/ledger-settings.js';
import type { ServiceId } from '../../../domain/proposals/service.js';
import type { Input } from '../../../src/cards.js';
import { ledgerSettingsOf } from '../../../src/billing/ledger.js';
import { createLedgerSettings } from '../../../src/billing/ledger-settings.js';
import { finishedSettings, ledgerWorld } from '../../builders/ledger-world.js';
import { libraryService } from '../../builders/services.js';
import { InMemoryServiceStore } from '../../fakes/in-memory-proposals.js';

const reduced = { code: 'reduced', name: 'VAT 5%', basisPoints: 500 };
const ann = { actor: 'Ann', chat: 'slack' } as const;

/** A library using VAT 20% and VAT 5%, and an included service at zero rate that is never invoiced. */
const world = async (o: { connected?: boolean; settings?: LedgerSettings; library?: boolean; long?: string[] } = {}) => {
  const w = await ledgerWorld({ ...o, settings: o.settings ?? defaultLedgerSettings });
  const services = new InMemoryServiceStore();
  if (o.library !== false) {
    await services.save(libraryService());
    await services.save(libraryService({ id: 'svc-2' as ServiceId, name: 'Payroll', taxRate: reduced }));
    await services.save(libraryService({ id: 'svc-3' as ServiceId, name: 'Tax helpline', included: true, taxRate: { code: 'zero', name: 'Zero rated', basisPoints: 0 } }));
  }
  const settings = createLedgerSettings({ ledger: w.ledger, services, audit: w.audit, clock: w.clock, longDescriptions: async () => o.long ?? [] });
  const saved = async () => ledgerSettingsOf(await w.stored());
  return { ...w, settings, saved };
};

const input = (inputs: readonly Input[] | undefined, id: string) => inputs?.find((i) => i.id === id);

describe('the Sage settings card', () => {
  it('says Sage is not connected, with the button to connect it', async () => {
    const w = await world({ connected: false });

    const card = await w.settings.show(w.practice);

    expect(card).toMatchObject({ title: 'Sage is not connected', tone: 'error', buttons: [{ label: 'Connect Sage', command: 'connect sage' }] });
  });

  it("offers a mapping for each tax rate the library invoices, suggesting Sage's rate of the same percentage", async () => {
    const w = await world();

    const card = await w.settings.show(w.practice);

    const inputs = card.form?.inputs;
    expect(card.title).toBe('Sage app settings: Smith & Co Ltd');
    expect(inputs?.filter((i) => i.id.startsWith('tax-')).map((i) => [i.id, i.label, i.initial])).toEqual([
      ['tax-standard', 'VAT 20% (20%) in Sage', 'GB_STANDARD'], ['tax-reduced', 'VAT 5% (5%) in Sage', 'GB_LOWER'],
    ]);
    expect(input(inputs, 'tax-standard')?.options?.map((o) => o.value)).toEqual(['GB_STANDARD', 'GB_LOWER', 'GB_ZERO', 'GB_EXEMPT', 'GB_NO_TAX']);
    expect(input(inputs, 'sales-account')?.options).toEqual([{ label: '4000 Sales Type A', value: 'acc-4000' }, { label: '4010 Sales Type B', value: 'acc-4010' }]);
    expect(card.fields).toContainEqual({ label: 'Tax rates mapped', value: 'VAT 20% → not mapped, VAT 5% → not mapped' });
  });

  it('asks for the practice\'s default rate while the library is empty', async () => {
    const w = await world({ library: false });

    const card = await w.settings.show(w.practice);

    expect(card.form?.inputs.filter((i) => i.id.startsWith('tax-')).map((i) => i.id)).toEqual(['tax-standard']);
  });

  it('says what keeps Sage from being enabled, and submits with Enable app', async () => {
    const w = await world();

    const card = await w.settings.show(w.practice);

    expect(card.tone).toBe('warning');
    expect(card.text).toContain('Not enabled yet: no invoice goes to Sage until you click *Enable app*.');
    expect(card.text).toContain('To enable: choose a default sales account; map VAT 20% to a ledger tax rate; map VAT 5% to a ledger tax rate.');
    expect(card.form).toMatchObject({ submit: 'sage settings enable=yes', submitLabel: 'Enable app' });
  });

  it('warns which service descriptions an invoice line would cut, only while descriptions go on invoices', async () => {
    const on = await world({ long: ['Payroll'] });
    const off = await world({ long: ['Payroll'], settings: { ...defaultLedgerSettings, includeDescriptions: false } });

    const warned = await on.settings.show(on.practice);
    const quiet = await off.settings.show(off.practice);

    expect(warned.text).toContain('These service descriptions are longer than an invoice line takes and will be cut: Payroll.');
    expect(quiet.text).not.toContain('will be cut');
  });
});

describe('saving the Sage settings', () => {
  it('refuses values Sage does not offer or that are not numbers of days, naming each field, and saves nothing', async () => {
    const w = await world();

    const card = await w.settings.save(w.practice, ann, { 'sales-account': '9999', 'manual-days': 'ten', 'tax-standard': 'GB_STANDARD' });

    expect(card.tone).toBe('error');
    expect(card.text).toContain('Nothing was saved: sales-account: the ledger has no sales account "9999"; manual-days: a whole number of days from 0 (due the same day) to 365.');
    expect(input(card.form?.inputs, 'sales-account')?.error).toBe('the ledger has no sales account "9999"');
    expect(input(card.form?.inputs, 'manual-days')?.error).toContain('a whole number of days');
    expect(await w.saved()).toEqual(defaultLedgerSettings);
    expect(w.audit.events).toEqual([]);
  });

  it('refuses enable=yes while a used tax rate is unmapped, saving nothing', async () => {
    const w = await world();

    const card = await w.settings.save(w.practice, ann, { 'sales-account': '4000', 'tax-standard': 'GB_STANDARD', enable: 'yes' });

    expect(card.tone).toBe('error');
    expect(card.text).toContain('Not enabled, and nothing saved: map VAT 5% to a ledger tax rate.');
    expect(await w.saved()).toEqual(defaultLedgerSettings);
    expect(w.audit.events).toEqual([]);
  });

  it('enables Sage once the account and every used rate are mapped, and writes who did it to the audit log', async () => {
    const w = await world();

    const card = await w.settings.save(w.practice, ann, { 'sales-account': '4000', 'tax-standard': 'GB_STANDARD', 'tax-reduced': 'GB_LOWER', 'automatic-days': '30', enable: 'yes' });

    const enabled: LedgerSettings = {
      ...defaultLedgerSettings, enabled: true, salesAccount: { id: 'acc-4000', name: '4000 Sales Type A' }, terms: { manualDays: 14, automaticDays: 30 },
      taxRates: { standard: { id: 'GB_STANDARD', name: 'Standard' }, reduced: { id: 'GB_LOWER', name: 'Lower Rate' } },
    };
    expect(card).toMatchObject({ tone: 'success', form: { submit: 'sage settings', submitLabel: 'Save' } });
    expect(card.text).toContain('Sage is enabled. New invoices go to Smith & Co Ltd.');
    expect(await w.saved()).toEqual(enabled);
    expect(w.audit.events).toEqual([{ practiceId: w.practice.id, at: w.clock.now(), actor: 'Ann', chat: 'slack', action: 'sage.enabled', subject: 'Smith & Co Ltd', detail: { settings: enabled } }]);
  });

  it('saves a change to enabled settings as a settings change, keeping Sage enabled', async () => {
    const w = await world({ settings: finishedSettings({ taxRates: { standard: { id: 'GB_STANDARD', name: 'Standard' }, reduced: { id: 'GB_LOWER', name: 'Lower Rate' } } }) });

    const card = await w.settings.save(w.practice, ann, { descriptions: 'off' });

    expect(card.text).toContain('Settings saved.');
    expect(await w.saved()).toMatchObject({ enabled: true, includeDescriptions: false });
    expect(w.audit.events.map((e) => e.action)).toEqual(['sage.settings_saved']);
  });

  it('switches Sage off again with enable=no, so new invoices stay here', async () => {
    const w = await world({ settings: finishedSettings({ taxRates: { standard: { id: 'GB_STANDARD', name: 'Standard' }, reduced: { id: 'GB_LOWER', name: 'Lower Rate' } } }) });

    const card = await w.settings.save(w.practice, ann, { enable: 'no' });

    expect(card.text).toContain('Sage is switched off');
    expect(await w.saved()).toMatchObject({ enabled: false });
    expect(w.audit.events.map((e) => e.action)).toEqual(['sage.disabled']);
  });

  it('keeps the token pair Sage rotated while the form was open, rather than writing back the pair it was shown with', async () => {
    const w = await world();
    await w.settings.show(w.practice);
    w.clock.advance(4.5 * 60_000);

    await w.settings.save(w.practice, ann, { 'sales-account': '4000' });

    const stored = await w.stored();
    expect(w.refreshes).toEqual(['refresh-0']);
    expect(stored.tokens).toMatchObject({ accessToken: 'access-1', refreshToken: 'refresh-1' });
    expect(ledgerSettingsOf(stored).salesAccount).toEqual({ id: 'acc-4000', name: '4000 Sales Type A' });
  });

  it('turns name sync on with sync-names=yes and shows it on the card', async () => {
    const w = await world();
    const before = await w.settings.show(w.practice);

    const card = await w.settings.save(w.practice, ann, { 'sync-names': 'yes' });

    expect(input(before.form?.inputs, 'sync-names')).toMatchObject({ initial: 'no', options: [{ value: 'yes' }, { value: 'no' }] });
    expect(before.fields).toContainEqual({ label: 'Client names', value: 'kept as they are here' });
    expect(card.fields).toContainEqual({ label: 'Client names', value: 'synced from Sage' });
    expect(input(card.form?.inputs, 'sync-names')?.initial).toBe('yes');
    expect((await w.saved()).syncNames).toBe(true);
  });
});
