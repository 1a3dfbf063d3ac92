import { describe, expect, it } from 'vitest';
import { chosenLines, emptyContent, placeLine, removeLine, tierTotals } from '../../../domain/proposals/content.js';
import { line, monthlyLine, threeTierContent } from '../../builders/proposals.js';

let n = 0;
const newId = () => `t${++n}`;

describe('placing services in tiers and add-ons', () => {
  it('starts a "Standard" tier when none is named, and creates named tiers up to three', () => {
    const one = placeLine(emptyContent('T', ''), line({ id: 'x' }), {}, newId);
    const named = placeLine(emptyContent('T', ''), line({ id: 'y' }), { tier: 'Gold' }, newId);

    expect(one.ok && one.value.tiers.map((t) => [t.name, t.lines.map((l) => l.id)])).toEqual([['Standard', ['x']]]);
    expect(named.ok && named.value.tiers.map((t) => t.name)).toEqual(['Gold']);
  });

  it('adds to an existing tier by name whatever its case, and to every tier with "all"', () => {
    const c = threeTierContent();

    const silver = placeLine(c, line({ id: 'new' }), { tier: 'silver' }, newId);
    const all = placeLine(c, line({ id: 'new' }), { tier: 'all' }, newId);

    expect(silver.ok && silver.value.tiers[1]!.lines.map((l) => l.id)).toEqual(['s1', 's2', 'new']);
    expect(all.ok && all.value.tiers.map((t) => t.lines.at(-1)!.id)).toEqual(['new-1', 'new-2', 'new-3']);
  });

  it('refuses a fourth tier and asks which tier when several exist', () => {
    const c = threeTierContent();

    expect(placeLine(c, line(), { tier: 'Platinum' }, newId)).toEqual({ ok: false, error: { kind: 'too-many-tiers', max: 3 } });
    expect(placeLine(c, line(), {}, newId)).toEqual({ ok: false, error: { kind: 'tier-needed', known: ['Bronze', 'Silver', 'Gold'] } });
  });

  it('puts optional extras among the add-ons and removes a line wherever it is, dropping an emptied tier', () => {
    const c = threeTierContent();

    const withAddOn = placeLine(c, line({ id: 'extra' }), { addOn: true }, newId);
    const removed = removeLine(removeLine(c, 'b1'), 'b2');

    expect(withAddOn.ok && withAddOn.value.addOns.map((a) => a.id)).toEqual(['a1', 'a2', 'extra']);
    expect(removed.tiers.map((t) => t.name)).toEqual(['Silver', 'Gold']);
  });
});

describe('tier and add-on totals', () => {
  it.each([
    ['Bronze alone', 't1', [], 120000, 30000],
    ['Silver with payroll set-up', 't2', ['a1'], 174000, 48000],
    ['Gold with both add-ons (handbook billed on completion)', 't3', ['a1', 'a2'], 174000, 72000],
  ] as const)('%s', (_n, tierId, addOnIds, oneOffGross, monthlyGross) => {
    const chosen = chosenLines(threeTierContent(), { tierId, addOnIds });
    if (!chosen.ok) throw new Error('choice refused');

    const totals = tierTotals(chosen.value.tier, chosen.value.addOns);

    expect(totals.oneOff.low.gross).toBe(oneOffGross);
    expect(totals.recurring.monthly?.low.gross).toBe(monthlyGross);
    expect(totals.onCompletion.low.gross).toBe(addOnIds.includes('a2' as never) ? 72000 : 0);
  });

  it('counts a ticked add-on once even if it is sent twice', () => {
    const chosen = chosenLines(threeTierContent(), { tierId: 't1', addOnIds: ['a1', 'a1'] });

    expect(chosen.ok && chosen.value.addOns.map((a) => a.id)).toEqual(['a1']);
  });

  it('leaves included services out of every total', () => {
    const t = { id: 't', name: 'T', lines: [monthlyLine({ id: 'm' }), monthlyLine({ id: 'free', included: true })] };

    expect(tierTotals(t).recurring.monthly?.low).toEqual({ net: 25000, vat: 5000, gross: 30000 });
  });
});
