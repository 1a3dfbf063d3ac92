import { parseMoney } from '../shared/money.js';
import { err, ok, type Result } from '../shared/result.js';
import { frequencies, isCalendarDate, type Frequency } from '../shared/calendar.js';
import type { BillingType, Offering, PriceType, RecurringEnd, RecurringStart } from './service.js';
import { findTaxRate } from './tax.js';

export type ServiceInputError = { kind: 'invalid-field'; field: string; reason: string };
type Pairs = Readonly<Record<string, string>>;
type Ctx = { readonly country: string; readonly currency: string };

export const serviceFields = [
  'name', 'description', 'price', 'unit-price', 'unit', 'minimum', 'hourly', 'range', 'billing', 'start', 'end',
  'tax', 'prices', 'included', 'sales-account', 'ledger', 'xpm-template', 'job-template',
] as const;

const refuse = (field: string, reason: string) => err<ServiceInputError>({ kind: 'invalid-field', field, reason });

const amount = (field: string, raw: string, ctx: Ctx): Result<number, ServiceInputError> => {
  const parsed = parseMoney(raw, ctx.currency);
  if (!parsed.ok) return refuse(field, parsed.error.reason);
  if (parsed.value.minor < 0) return refuse(field, 'prices cannot be negative');
  return ok(parsed.value.minor);
};

/** Reads the price keys present; the key names the price type (price=, unit-price=, hourly=, range=). */
const parsePrice = (p: Pairs, ctx: Ctx, base?: PriceType): Result<PriceType | undefined, ServiceInputError> => {
  const kinds = ['price', 'unit-price', 'hourly', 'range'].filter((k) => p[k] !== undefined);
  if (kinds.length > 1) return refuse(kinds[1]!, `give one of price=, unit-price=, hourly= or range=, not ${kinds.join(' and ')}`);
  const unitExtra = p.unit !== undefined ? 'unit' : p.minimum !== undefined ? 'minimum' : undefined;
  if (unitExtra && kinds.length && kinds[0] !== 'unit-price') return refuse(unitExtra, `${unitExtra}= goes with unit-price=, not ${kinds[0]}=`);
  if (p.price !== undefined) {
    const a = amount('price', p.price, ctx);
    return a.ok ? ok({ kind: 'fixed', amount: a.value }) : a;
  }
  if (p.hourly !== undefined) {
    const a = amount('hourly', p.hourly, ctx);
    return a.ok ? ok({ kind: 'hourly', hourlyRate: a.value }) : a;
  }
  if (p.range !== undefined) {
    const [lo = '', hi = ''] = p.range.split(/\s*(?:-|–|to)\s*/);
    const min = amount('range', lo, ctx);
    const max = amount('range', hi, ctx);
    if (!min.ok || !max.ok) return refuse('range', 'write a range as low-high, e.g. range=500-900');
    if (min.value >= max.value) return refuse('range', 'the low end must be below the high end');
    return ok({ kind: 'range', min: min.value, max: max.value });
  }
  const perUnitBase = base?.kind === 'per-unit' ? base : undefined;
  if (p['unit-price'] === undefined && (p.unit !== undefined || p.minimum !== undefined) && !perUnitBase) {
    return refuse(p.unit !== undefined ? 'unit' : 'minimum', 'unit= and minimum= go with unit-price=');
  }
  if (p['unit-price'] === undefined && !(perUnitBase && (p.unit !== undefined || p.minimum !== undefined))) return ok(undefined);
  const unitPrice = p['unit-price'] !== undefined ? amount('unit-price', p['unit-price'], ctx) : ok(perUnitBase!.unitPrice);
  if (!unitPrice.ok) return unitPrice;
  const unitLabel = (p.unit ?? perUnitBase?.unitLabel ?? 'unit').trim();
  if (!unitLabel || unitLabel.length > 40) return refuse('unit', 'a unit label is 1 to 40 characters, e.g. unit="active employee"');
  const minimum = p.minimum !== undefined ? amount('minimum', p.minimum, ctx) : ok(perUnitBase?.minimum);
  if (!minimum.ok) return minimum;
  return ok({ kind: 'per-unit', unitLabel, unitPrice: unitPrice.value, ...(minimum.value ? { minimum: minimum.value } : {}) });
};

const parseStart = (raw: string | undefined): Result<RecurringStart, ServiceInputError> => {
  if (raw === undefined || raw === 'acceptance' || raw === 'on-acceptance') return ok({ kind: 'on-acceptance' });
  return isCalendarDate(raw) ? ok({ kind: 'on-date', date: raw }) : refuse('start', 'start=acceptance or a date such as 2026-04-01');
};

const parseEnd = (raw: string | undefined): Result<RecurringEnd, ServiceInputError> => {
  if (raw === undefined || raw === 'never') return ok({ kind: 'never' });
  const times = /^(?:after[: ]?)?(\d{1,3})(?: ?times)?$/.exec(raw);
  if (times && Number(times[1]) >= 1) return ok({ kind: 'after', occurrences: Number(times[1]) });
  if (isCalendarDate(raw)) return ok({ kind: 'on-date', date: raw });
  return refuse('end', 'end=never, end=12 (after 12 bills) or a date such as 2027-03-31');
};

const parseBilling = (p: Pairs, base?: BillingType): Result<BillingType | undefined, ServiceInputError> => {
  const kind = p.billing?.trim().toLowerCase() ?? (p.start || p.end ? base?.kind === 'recurring' ? base.frequency : undefined : undefined);
  if (kind === undefined) return p.start || p.end ? refuse('start', 'start= and end= go with a recurring billing=') : ok(undefined);
  if (kind === 'upfront' || kind === 'on-completion') {
    return p.start || p.end ? refuse(p.start ? 'start' : 'end', `${kind} services have no start or end`) : ok({ kind });
  }
  if (!frequencies.includes(kind as Frequency)) {
    return refuse('billing', `billing is upfront, on-completion, ${frequencies.join(', ')}`);
  }
  const previous = base?.kind === 'recurring' ? base : undefined;
  const start = p.start !== undefined ? parseStart(p.start) : ok(previous?.start ?? ({ kind: 'on-acceptance' } as const));
  if (!start.ok) return start;
  const end = p.end !== undefined ? parseEnd(p.end) : ok(previous?.end ?? ({ kind: 'never' } as const));
  if (!end.ok) return end;
  if (end.value.kind === 'on-date' && start.value.kind === 'on-date' && end.value.date < start.value.date) {
    return refuse('end', 'the end date is before the start date');
  }
  return ok({ kind: 'recurring', frequency: kind as Frequency, start: start.value, end: end.value });
};

/** A line's quantity: more than zero, at most 3 decimals (pricing works in thousandths). */
export const parseQuantity = (raw: string): Result<number, ServiceInputError> => {
  const quantity = /^\d{1,6}(\.\d{1,3})?$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!(quantity > 0)) return refuse('qty', 'a quantity is a number above 0 with up to 3 decimals, e.g. qty=12 or qty=2.5');
  return ok(quantity);
};

const yesNo = (field: string, raw: string): Result<boolean, ServiceInputError> =>
  /^(yes|y|true|on)$/i.test(raw) ? ok(true) : /^(no|n|false|off)$/i.test(raw) ? ok(false) : refuse(field, `${field}=yes or ${field}=no`);

/**
 * Turns typed `field=value` pairs into a checked offering. With `base` (editing) only the given
 * fields change; without it, name and a price are required. The first bad field is reported.
 */
export const parseOffering = (p: Pairs, ctx: Ctx, base?: Offering): Result<Offering, ServiceInputError> => {
  const unknown = Object.keys(p).find((k) => !(serviceFields as readonly string[]).includes(k));
  if (unknown) return refuse(unknown, `fields are ${serviceFields.join(', ')}`);
  const name = (p.name ?? base?.name ?? '').trim();
  if (name.length < 1 || name.length > 120) return refuse('name', 'a service name is 1 to 120 characters');
  const description = p.description ?? base?.description ?? '';
  if (description.length > 4000) return refuse('description', 'a description is at most 4,000 characters');
  const price = parsePrice(p, ctx, base?.price);
  if (!price.ok) return price;
  const priceValue = price.value ?? base?.price;
  if (!priceValue) return refuse('price', 'give a price: price=250, unit-price=12 unit="active employee", hourly=90 or range=500-900');
  const billing = parseBilling(p, base?.billing);
  if (!billing.ok) return billing;
  const tax = p.tax !== undefined ? findTaxRate(ctx.country, p.tax) : base ? ok(base.taxRate) : findTaxRate(ctx.country, 'standard');
  if (!tax.ok) return refuse('tax', `rates are ${tax.error.known.join(', ')}`);
  if (p.prices !== undefined && p.prices !== 'inclusive' && p.prices !== 'exclusive') {
    return refuse('prices', 'prices=exclusive (tax added on top) or prices=inclusive (tax already in the price)');
  }
  const included = p.included !== undefined ? yesNo('included', p.included) : ok(base?.included ?? false);
  if (!included.ok) return included;
  // The ledger's sales account by nominal code (`sales-account=4010`; `ledger=` is the older spelling), checked against the ledger when an invoice is sent.
  const ledgerAccount = p['sales-account'] ?? p.ledger ?? base?.ledgerAccount;
  // The practice app's job template by its id (`xpm-template=`; `job-template=` is the older spelling); `none` unlinks.
  const typedTemplate = (p['xpm-template'] ?? p['job-template'])?.trim();
  const xpmJobTemplate = typedTemplate === undefined ? base?.xpmJobTemplate : /^(none|off|-|)$/i.test(typedTemplate) ? undefined : typedTemplate;
  return ok({
    name, description, price: priceValue,
    billing: billing.value ?? base?.billing ?? { kind: 'upfront' },
    taxRate: tax.value,
    taxMode: (p.prices as Offering['taxMode'] | undefined) ?? base?.taxMode ?? 'exclusive',
    included: included.value,
    ...(ledgerAccount ? { ledgerAccount } : {}),
    ...(xpmJobTemplate ? { xpmJobTemplate } : {}),
  });
};
