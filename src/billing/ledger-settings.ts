import { applySettings, enableBlockers, suggestedTaxRate, type LedgerChoice, type LedgerSettings, type LedgerTaxRate, type SettingsInput } from '../../domain/invoicing/ledger-settings.js';
import type { AuditedBy } from '../../domain/practice/audit.js';
import type { AuditLog } from '../../domain/practice/ports.js';
import type { Practice } from '../../domain/practice/practice.js';
import type { ServiceStore } from '../../domain/proposals/ports.js';
import { defaultTaxRate, formatRate, type TaxRate } from '../../domain/proposals/tax.js';
import type { Clock } from '../../domain/shared/clock.js';
import { card, errorCard, type Card, type Input } from '../cards.js';
import { sandboxed } from '../apps/cards.js';
import { connectedLedger, saveLedgerSettings, type ConnectedLedger, type Ledger } from './ledger.js';

export type LedgerSettingsDeps = {
  readonly ledger: Ledger;
  readonly services: ServiceStore;
  readonly audit: AuditLog;
  readonly clock: Clock;
  /** Library services whose descriptions an invoice would cut short, by name: the card warns about them. */
  readonly longDescriptions?: (practice: Practice) => Promise<string[]>;
};

/** What the ledger offers the settings: its sales accounts and tax rates, read live. */
type Offered = { readonly accounts: readonly LedgerChoice[]; readonly taxRates: readonly LedgerTaxRate[] };

const onOff = (flag: boolean) => (flag ? 'on' : 'off');
const onOffOptions = [{ label: 'On', value: 'on' }, { label: 'Off', value: 'off' }];
const yesNoOptions = [{ label: 'Yes', value: 'yes' }, { label: 'No', value: 'no' }];

export function createLedgerSettings(d: LedgerSettingsDeps) {
  const app = d.ledger.app.declaration;
  const command = `${app.id} settings`;

  /** The tax rates the service library uses: only those need mapping (the practice's default when the library is empty). */
  const usedRates = async (practice: Practice): Promise<TaxRate[]> => {
    const rates = new Map((await d.services.list(practice.id)).filter((s) => !s.included).map((s) => [s.taxRate.code, s.taxRate]));
    return rates.size ? [...rates.values()] : [defaultTaxRate(practice.country)];
  };

  const offered = async (c: ConnectedLedger): Promise<Offered> => {
    const token = d.ledger.token(c.connection);
    const [accounts, taxRates] = await Promise.all([d.ledger.app.adapters.ledger!.salesAccounts(c.connection, token), d.ledger.app.adapters.ledger!.taxRates(c.connection, token)]);
    return { accounts, taxRates };
  };

  const notConnected = (): Card => errorCard(`${app.name} is not connected`, `Connect ${app.name} first: sign in, pick the business, then set up invoicing here.`, [
    { label: `Connect ${app.name}`, command: `connect ${app.id}`, style: 'primary' },
  ]);

  const form = (s: LedgerSettings, o: Offered, rates: readonly TaxRate[], problems: Readonly<Record<string, string>> = {}): Card['form'] => {
    const withError = (input: Input): Input => (problems[input.id] ? { ...input, error: problems[input.id]! } : input);
    const inputs: Input[] = [
      { id: 'create-invoices', label: 'Create invoices', kind: 'select', options: onOffOptions, initial: onOff(s.createInvoices), hint: `The default for clients; switch one client with \`client invoices CLIENT on|off\`.` },
      { id: 'sales-account', label: 'Default sales account', kind: 'select', required: true, options: o.accounts.map((a) => ({ label: a.name, value: a.id })), ...(s.salesAccount ? { initial: s.salesAccount.id } : {}), hint: 'A service can name its own: `service edit NAME sales-account=CODE`.' },
      { id: 'descriptions', label: 'Include service descriptions', kind: 'select', options: onOffOptions, initial: onOff(s.includeDescriptions), hint: 'Plain text only: formatting and tables become clean text, and long descriptions are cut.' },
      { id: 'sync-names', label: `Sync client names from ${app.name}`, kind: 'select', options: yesNoOptions, initial: s.syncNames ? 'yes' : 'no', hint: `Each sync renames linked clients as ${app.name} renames them, as far as each client's sync level lets it (\`client-sync CLIENT ${app.id} all|names|none\`).` },
      { id: 'manual-days', label: 'Manual invoice terms (days)', kind: 'number', initial: String(s.terms.manualDays), hint: 'One-off invoices are due this many days after their date; 0 is the same day.' },
      { id: 'automatic-days', label: 'Automatic invoice terms (days)', kind: 'number', initial: String(s.terms.automaticDays), hint: 'Recurring invoices are due this many days after the practice\'s invoice day.' },
      ...rates.map((r): Input => {
        const chosen = s.taxRates[r.code]?.id ?? suggestedTaxRate(r, o.taxRates)?.id;
        return { id: `tax-${r.code}`, label: `${r.name} (${formatRate(r)}) in ${app.name}`, kind: 'select', required: true, options: o.taxRates.map((t) => ({ label: t.name, value: t.id })), ...(chosen ? { initial: chosen } : {}) };
      }),
    ];
    return { title: 'App settings', inputs: inputs.map(withError), submit: `${command}${s.enabled ? '' : ' enable=yes'}`, submitLabel: s.enabled ? 'Save' : 'Enable app' };
  };

  const settingsCard = async (practice: Practice, c: ConnectedLedger, o: Offered, notice?: { tone: 'success' | 'error'; text: string }, problems?: Readonly<Record<string, string>>): Promise<Card> => {
    const rates = await usedRates(practice);
    const blockers = enableBlockers(c.settings, rates);
    const long = (await d.longDescriptions?.(practice)) ?? [];
    const status = c.settings.enabled ? `Enabled: accepted proposals and instant bills become invoices in ${app.name}.` : `Not enabled yet: no invoice goes to ${app.name} until you click *Enable app*.`;
    return sandboxed(card(`${app.name} app settings: ${c.connection.label}`, {
      tone: notice?.tone ?? (c.settings.enabled ? 'info' : 'warning'),
      text: [notice?.text, status,
        blockers.length && !c.settings.enabled ? `To enable: ${blockers.join('; ')}.` : '',
        c.settings.includeDescriptions && long.length ? `These service descriptions are longer than an invoice line takes and will be cut: ${long.join(', ')}. Shorten them, or put the detail in an included service.` : '',
      ].filter(Boolean).join('\n'),
      fields: [
        { label: 'Sales account', value: c.settings.salesAccount?.name ?? 'not chosen' },
        { label: 'Tax rates mapped', value: rates.map((r) => `${r.name} → ${c.settings.taxRates[r.code]?.name ?? 'not mapped'}`).join(', ') },
        { label: 'Client names', value: c.settings.syncNames ? `synced from ${app.name}` : `kept as they are here` },
      ],
      form: form(c.settings, o, rates, problems),
      visibility: 'private',
    }), app);
  };

  return {
    /** `sage settings`: the app settings card, read live from the ledger. */
    async show(practice: Practice): Promise<Card> {
      const c = await connectedLedger(d.ledger, practice.id);
      if (!c) return notConnected();
      return settingsCard(practice, c, await offered(c));
    },

    /** `sage settings name=value…`: the form as submitted; with `enable=yes`, also switches invoicing on once nothing blocks it. */
    async save(practice: Practice, by: AuditedBy, input: SettingsInput): Promise<Card> {
      const c = await connectedLedger(d.ledger, practice.id);
      if (!c) return notConnected();
      const o = await offered(c);
      const rates = await usedRates(practice);
      const applied = applySettings(c.settings, input, { ...o, ourRates: rates });
      if (!applied.ok) {
        const problems = Object.fromEntries(applied.error.map((p) => [p.field, p.message]));
        return settingsCard(practice, c, o, { tone: 'error', text: `Nothing was saved: ${applied.error.map((p) => `${p.field}: ${p.message}`).join('; ')}.` }, problems);
      }
      const enabling = /^(yes|on|true)$/i.test(input['enable'] ?? '');
      const blockers = enableBlockers(applied.value, rates);
      if (enabling && blockers.length) {
        return settingsCard(practice, { ...c, settings: applied.value }, o, { tone: 'error', text: `Not enabled, and nothing saved: ${blockers.join('; ')}.` });
      }
      // `enable=no` switches invoicing off again: invoices issued from then on stay here.
      const disabling = /^(no|off|false)$/i.test(input['enable'] ?? '');
      const settings = { ...applied.value, enabled: !disabling && (applied.value.enabled || enabling) };
      const connection = await saveLedgerSettings(d.ledger, c.connection, settings);
      await d.audit.record({ practiceId: practice.id, at: d.clock.now(), ...by, action: enabling ? `${app.id}.enabled` : disabling ? `${app.id}.disabled` : `${app.id}.settings_saved`, subject: c.connection.label, detail: { settings } });
      return settingsCard(practice, { connection, settings }, o, { tone: 'success', text: enabling ? `${app.name} is enabled. New invoices go to ${c.connection.label}.` : disabling ? `${app.name} is switched off: new invoices stay here until you enable it again.` : 'Settings saved.' });
    },
  };
}

export type LedgerSettingsUseCases = ReturnType<typeof createLedgerSettings>;
