import { describe, expect, it } from 'vitest';
import { tierTotals } from '../../../domain/proposals/content.js';
import { totalsOf } from '../../../domain/proposals/pricing.js';
import { instantiate, peopleAdvisoryTemplate, withHeadcount } from '../../../domain/proposals/templates.js';
import { describeTotals, mergeText, termsValues, unknownMergeFields } from '../../../domain/proposals/terms.js';
import { line, monthlyLine, threeTierContent, vat20 } from '../../builders/proposals.js';

describe('terms', () => {
  it('merges client, practice, date and per-tier totals while the client has not chosen', () => {
    const c = threeTierContent();
    const values = termsValues({ clientName: 'Acme', practiceName: 'Smith & Co', date: '1 March 2026', currency: 'GBP',
      options: c.tiers.map((t) => ({ name: t.name, totals: tierTotals(t) })) });

    const merged = mergeText('{client}/{practice}/{date}: {total_recurring} {unknown}', values);

    expect(merged).toBe('Acme/Smith & Co/1 March 2026: Bronze: £300.00 a month; Silver: £480.00 a month; Gold: £720.00 a month {unknown}');
  });

  it('finds merge fields that would not merge', () => {
    expect(unknownMergeFields('{client} {clinet} {totals} {foo}')).toEqual(['clinet', 'foo']);
  });

  it('describes every kind of total, and ranges as ranges', () => {
    const t = totalsOf([line(), line({ id: 'r', billing: { kind: 'on-completion' }, price: { kind: 'range', min: 100, max: 200 } }), monthlyLine()]);

    expect(describeTotals(t, 'GBP')).toBe('£1,200.00 on acceptance, £1.20–£2.40 on completion and £300.00 a month, including VAT (estimated where marked)');
  });
});

describe('People Advisory Packages template', () => {
  let n = 0;
  const template = peopleAdvisoryTemplate(vat20, () => `id${++n}`);

  it('offers three tiers priced per active employee', () => {
    expect(template.content.tiers.map((t) => t.name)).toEqual(['Essentials', 'Growth', 'Strategic']);
    expect(template.content.tiers.every((t) => t.lines.some((l) => l.price.kind === 'per-unit' && l.price.unitLabel === 'active employee'))).toBe(true);
  });

  it('prices each tier from the client headcount, with fresh ids', () => {
    const content = withHeadcount(instantiate(template, () => `new${++n}`), 8);

    const monthly = content.tiers.map((t) => tierTotals(t).recurring.monthly?.low.gross);

    expect(monthly).toEqual([11520, 19200, 30720]);
    expect(content.tiers[0]!.id).not.toBe(template.content.tiers[0]!.id);
  });

  it('charges the minimum for a small team', () => {
    const content = withHeadcount(template.content, 2);

    expect(tierTotals(content.tiers[0]!).recurring.monthly?.low.net).toBe(6000);
  });
});
