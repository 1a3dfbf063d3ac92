import type { InvoiceId } from '../../domain/invoicing/invoice.js';
import type { Approval } from '../../domain/invoicing/approval.js';
import type { ClientStore } from '../../domain/practice/ports.js';
import type { Practice } from '../../domain/practice/practice.js';
import type { Service } from '../../domain/proposals/service.js';
import { calendarDateIn } from '../../domain/shared/calendar.js';
import type { Clock } from '../../domain/shared/clock.js';
import { parseMoney } from '../../domain/shared/money.js';
import { auditedBy } from '../actor.js';
import { errorCard, type Card } from '../cards.js';
import { rest } from '../commands/args.js';
import type { Command, CommandContext } from '../commands/command.js';
import { invoiceErrorCard, issuedCard, runReportCard, skippedCard } from './cards.js';
import type { InvoiceQueries } from './invoices.js';
import type { InvoiceRun } from './invoice-run.js';
import type { LedgerSettingsUseCases } from './ledger-settings.js';

export type BillingCommandDeps = {
  readonly run: InvoiceRun;
  readonly queries: InvoiceQueries;
  readonly clients: Pick<ClientStore, 'findByName' | 'get'>;
  /** Library services by name (the proposals area's look-up). */
  readonly findService: (practice: Practice, name: string) => Promise<Service | null>;
  /** The ledger's settings verb (`sage settings`), when a ledger app is registered. */
  readonly ledger: { readonly id: string; readonly name: string; readonly settings: LedgerSettingsUseCases } | null;
  /** Today, for `billing run`, in the practice's own zone. */
  readonly clock: Clock;
};

const group = 'Billing';

/** A count as people type one: `12`, `2.5`. Not `1e2` or `0x10`, which Number() would quietly read as 100 and 16. */
const countPattern = /^\d+(?:\.\d+)?$/;

/**
 * A figure typed in chat: `qty=12`, `amount=450` (in the practice's currency), `line=2`. `amountWord`
 * is what the verb calls the amount (`bill` says `price=`), so a refusal names what was typed.
 */
const figureOf = (named: Readonly<Record<string, string>>, currency: string, amountWord = 'amount'): Approval | Card => {
  const out: { quantity?: number; amount?: number; line?: number } = {};
  if (named.qty !== undefined) {
    if (!countPattern.test(named.qty.trim())) return errorCard('Not a quantity', `qty= takes a number of units, like qty=12 or qty=2.5 (got "${named.qty}").`);
    out.quantity = Number(named.qty);
  }
  if (named.amount !== undefined) {
    const a = parseMoney(named.amount, currency);
    if (!a.ok || a.value.minor < 0) {
      return errorCard('Not an amount', `${amountWord}= takes a sum of 0 or more, like ${amountWord}=450 or ${amountWord}=450.50${a.ok ? ` (got "${named.amount}")` : `: ${a.error.reason}`}.`);
    }
    out.amount = a.value.minor;
  }
  if (named.line !== undefined) {
    if (!/^\d+$/.test(named.line)) return errorCard('Not a line number', `line= takes the line's position on the invoice, like line=2.`);
    out.line = Number(named.line);
  }
  return out;
};

export const billingCommands = (d: BillingCommandDeps): Command[] => {
  const decide = async (ctx: CommandContext, act: 'approve' | 'skip'): Promise<Card[]> => {
    const id = ctx.args.positional[0];
    if (!id) return [errorCard('Which invoice?', `Use the buttons on the held invoice's card, or \`invoice ${act} ID\`.`)];
    const figure = figureOf(ctx.args.named, ctx.practice.currency);
    if ('title' in figure) return [figure];
    const actor = { practice: ctx.practice, user: ctx.user };
    const done = act === 'approve' ? await d.run.approve(actor, id as InvoiceId, figure) : await d.run.skipPeriod(actor, id as InvoiceId);
    if (!done.ok) return [invoiceErrorCard(done.error, ctx.practice.currency)];
    const clientName = (await d.clients.get(ctx.practice.id, done.value.clientId))?.name ?? 'a removed client';
    return [act === 'approve' ? issuedCard(done.value, clientName) : skippedCard(done.value, clientName)];
  };

  /** `bill CLIENT SERVICE`: both may be several words, so the longest client name that matches exactly wins. */
  const splitBill = async (practice: Practice, words: readonly string[]) => {
    for (let cut = words.length - 1; cut >= 1; cut--) {
      const [client] = await d.clients.findByName(practice.id, words.slice(0, cut).join(' '));
      if (!client) continue;
      const service = await d.findService(practice, words.slice(cut).join(' '));
      if (service) return { client, service };
    }
    return null;
  };

  return [
    {
      verb: 'invoices', usage: 'invoices [CLIENT|held|issued|skipped|failed]', group, audited: false,
      summary: 'The latest invoices, where each is (held, sent, in the ledger, failed), for everyone or one client',
      run: async ({ practice, args }) => [await d.queries.list(practice, rest(args))],
    },
    {
      verb: 'invoice show', usage: 'invoice show N', group, audited: false,
      summary: 'One invoice in full: lines, VAT, due date and where it is in the ledger',
      run: async ({ practice, args }) => [await d.queries.show(practice, rest(args))],
    },
    {
      verb: 'invoice retry', usage: 'invoice retry N', group,
      summary: 'Send an invoice that failed to reach the ledger again (the same invoice, never a second)',
      run: async ({ practice, args }) => [await d.queries.retry(practice, rest(args))],
    },
    {
      verb: 'invoice approve', usage: 'invoice approve ID [qty=N] [amount=X] [line=N]', group,
      summary: 'Issue a held invoice: confirm an estimate or a Smart Billing count, or give your own figure',
      run: (ctx) => decide(ctx, 'approve'),
    },
    {
      verb: 'invoice skip', usage: 'invoice skip ID', group,
      summary: 'Bill nothing for a held invoice\'s period; it is not billed again',
      run: (ctx) => decide(ctx, 'skip'),
    },
    {
      verb: 'bill', usage: 'bill CLIENT SERVICE [qty=N] [price=X]', group,
      summary: 'An instant bill: invoice one library service to a client now, without a proposal',
      async run(ctx) {
        const { practice, user, args } = ctx;
        const found = await splitBill(practice, args.positional);
        if (!found) return [errorCard('Which client and service?', 'Name an existing client and a library service, quoting names with spaces: `bill "Acme Ltd" "Payroll" qty=12`. `clients` and `services` list them.')];
        const figure = figureOf({ ...(args.named.qty !== undefined ? { qty: args.named.qty } : {}), ...(args.named.price !== undefined ? { amount: args.named.price } : {}) }, found.service.currency, 'price');
        if ('title' in figure) return [figure];
        if (figure.quantity === 0) return [errorCard('Nothing to bill', 'qty=0 bills nothing: give the number of units, like qty=3, or leave it out to bill one.')];
        const billed = await d.run.billInstantly({ practice, user }, {
          clientId: found.client.id, serviceId: found.service.id,
          ...(figure.quantity !== undefined ? { quantity: figure.quantity } : {}), ...(figure.amount !== undefined ? { price: figure.amount } : {}),
        });
        if (!billed.ok) return [invoiceErrorCard(billed.error, found.service.currency)];
        return [issuedCard(billed.value, found.client.name)];
      },
    },
    {
      verb: 'billing run', usage: 'billing run', group, adminOnly: true,
      summary: 'Bill everything due now (the bot also does this every 15 minutes)',
      run: async ({ practice }) => [runReportCard(await d.run.run(practice.id, calendarDateIn(d.clock.now(), practice.timeZone)))],
    },
    {
      verb: 'client invoices', usage: 'client invoices CLIENT [on|off]', group, adminOnly: true,
      summary: 'Whether one client\'s invoices go to the ledger (the app settings set the default)',
      async run(ctx) {
        const words = ctx.args.positional;
        const last = words.at(-1)?.toLowerCase() ?? '';
        const switched = /^(on|off|yes|no)$/.test(last);
        return [await d.queries.clientInvoices(ctx.practice, auditedBy(ctx), (switched ? words.slice(0, -1) : words).join(' '), switched ? last : '')];
      },
    },
    ...(d.ledger ? ledgerCommands(d.ledger) : []),
  ];
};

/** `sage settings` shows the card; with values (as its form submits them) it saves them. */
const ledgerCommands = (l: NonNullable<BillingCommandDeps['ledger']>): Command[] => [
  {
    verb: `${l.id} settings`,
    usage: `${l.id} settings [create-invoices=on|off] [sales-account=CODE] [descriptions=on|off] [manual-days=N] [automatic-days=N] [tax-CODE=ID] [enable=yes|no]`,
    group, adminOnly: true,
    summary: `${l.name} app settings: default sales account, invoice terms, descriptions, tax-rate mapping, Enable app`,
    run: async (ctx) => [Object.keys(ctx.args.named).length ? await l.settings.save(ctx.practice, auditedBy(ctx), ctx.args.named) : await l.settings.show(ctx.practice)],
  },
];
