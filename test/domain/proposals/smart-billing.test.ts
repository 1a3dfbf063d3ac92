import { describe, expect, it } from 'vitest';
import { chosenCompanyOf, lastBilledOf, withSmartBilling } from '../../../domain/billing/carry-smart-billing.js';
import { schedulesFor, type BillingSchedule } from '../../../domain/billing/schedule.js';
import { accept, send, type Proposal } from '../../../domain/proposals/proposal.js';
import {
  chooseSmartBilling, companyOptions, eligibleLines, pickCompany, type SmartBillingSetting,
} from '../../../domain/proposals/smart-billing.js';
import type { Result } from '../../../domain/shared/result.js';
import { draft, monthlyLine, threeTierContent, tier } from '../../builders/proposals.js';

const t0 = new Date('2026-03-01T09:00:00Z');
const must = <T>(r: Result<T, unknown>): T => { if (!r.ok) throw new Error(JSON.stringify(r.error)); return r.value; };
const perEmployee = (id: string) => monthlyLine({ id, name: 'Payroll', price: { kind: 'per-unit', unitLabel: 'active employee', unitPrice: 1200 }, quantity: 8 });
const acme = { externalId: 'co-1', name: 'Acme Payroll Co' };

const withPayroll = (): Proposal => {
  const c = threeTierContent();
  return draft({ content: { ...c, tiers: [c.tiers[0]!, tier('t3', 'Gold', [...c.tiers[2]!.lines, perEmployee('g9')])],
    addOns: [...c.addOns, { ...perEmployee('a9'), included: true }] } });
};
const acceptedGold = (p: Proposal) => must(accept(must(send(p, { by: 'Ann', now: t0, linkHash: 'h' })), {
  choice: { tierId: 't3', addOnIds: [] }, practiceName: 'Smith & Co', date: '1 March 2026',
  evidence: { method: 'internal', signerName: 'Jane', signedAt: t0, acceptedBy: 'Ann', contentSha256: 'c'.repeat(64) },
}, t0));

describe('which proposal lines can use Smart Billing', () => {
  it('offers only invoiced per-unit lines, and after acceptance only the accepted ones', () => {
    const p = withPayroll();

    expect(eligibleLines(p).map((l) => l.id)).toEqual(['g9']);
    expect(eligibleLines({ ...p, content: { ...p.content, tiers: [p.content.tiers[0]!] } })).toEqual([]);
    expect(eligibleLines(acceptedGold(p)).map((l) => l.id)).toEqual(['g9']);
  });

  it('keeps a "later" choice pending and a company choice enabled, and turning off removes it', () => {
    const p = withPayroll();
    const lines = eligibleLines(p);

    const later = must(chooseSmartBilling(p, lines, { kind: 'later' }, 'Ann', t0));
    const on = must(chooseSmartBilling(p, lines, { kind: 'company', company: acme }, 'Ann', t0));
    const off = must(chooseSmartBilling(p, lines, { kind: 'off' }, 'Ann', t0));

    expect(later.save).toEqual([expect.objectContaining({ lineId: 'g9', status: 'pending', clientId: p.clientId, serviceName: 'Payroll' })]);
    expect(on.save).toEqual([expect.objectContaining({ lineId: 'g9', status: 'enabled', company: acme })]);
    expect(off).toEqual({ save: [], removeLineIds: ['g9'] });
  });

  it('refuses a line not priced per unit, and a proposal that will never be billed', () => {
    const p = withPayroll();
    const fixed = p.content.tiers[0]!.lines;

    expect(chooseSmartBilling(p, fixed, { kind: 'later' }, 'Ann', t0)).toMatchObject({ ok: false, error: { kind: 'not-eligible', service: 'Year-end accounts' } });
    expect(chooseSmartBilling({ ...p, status: 'declined' } as Proposal, eligibleLines(p), { kind: 'later' }, 'Ann', t0))
      .toEqual({ ok: false, error: { kind: 'closed', status: 'declined' } });
  });

  it("lists the client's own company first and finds companies by name or id", () => {
    const other = { externalId: 'co-2', name: 'Other Co' };
    const options = companyOptions(acme, [other, acme]);

    expect(options).toEqual([acme, other]);
    expect(pickCompany('acme payroll co', options)).toEqual({ ok: true, value: acme });
    expect(pickCompany('co-2', options)).toEqual({ ok: true, value: other });
    expect(pickCompany('Nope', options)).toEqual({ ok: false, error: { kind: 'unknown-company', name: 'Nope', known: ['Acme Payroll Co', 'Other Co'] } });
  });
});

describe('Smart Billing on billing schedules', () => {
  const accepted = acceptedGold(withPayroll());
  const schedules = schedulesFor({ practiceId: accepted.practiceId, proposalId: accepted.id, proposalNumber: 1, clientId: accepted.clientId,
    snapshot: accepted.acceptance.snapshot, acceptedOn: '2026-03-01', acceptedAt: t0 }, (l) => `${accepted.id}:${l.id}`);
  const enabled = must(chooseSmartBilling(accepted, eligibleLines(accepted), { kind: 'company', company: acme }, 'Ann', t0)).save[0] as SmartBillingSetting & { status: 'enabled' };

  it("carries a line's choice into its schedule and leaves the other schedules alone", () => {
    const carried = withSmartBilling(schedules, [enabled]);

    expect(carried.find((s) => s.line.id === 'g9')?.smartBilling).toEqual({ status: 'enabled', companyId: 'co-1', companyName: 'Acme Payroll Co' });
    expect(carried.filter((s) => s.smartBilling)).toHaveLength(1);
  });

  it('keeps the last bill while the company stays, and drops Smart Billing when the choice is removed', () => {
    const billed = withSmartBilling(schedules, [enabled]).map((s): BillingSchedule => s.smartBilling?.status === 'enabled'
      ? { ...s, smartBilling: { ...s.smartBilling, lastBilled: { quantity: 9, at: t0 } } } : s);

    expect(lastBilledOf(withSmartBilling(billed, [enabled]))).toEqual({ quantity: 9, at: t0 });
    expect(lastBilledOf(withSmartBilling(billed, [{ ...enabled, company: { externalId: 'co-2', name: 'Other' } }]))).toBeUndefined();
    expect(withSmartBilling(billed, []).some((s) => s.smartBilling)).toBe(false);
  });

  it('answers the most recent bill across the client schedules', () => {
    const at = (d: string, quantity: number) => ({ ...schedules[0]!, smartBilling: { status: 'enabled' as const, companyId: 'co-1', companyName: 'A', lastBilled: { quantity, at: new Date(d) } } });

    expect(lastBilledOf([at('2026-04-01', 8), at('2026-05-01', 10), { ...schedules[1]!, smartBilling: { status: 'pending' } }]))
      .toEqual({ quantity: 10, at: new Date('2026-05-01') });
  });

  it('answers the company chosen on the client schedules, the most recently billed first, and none while all are pending', () => {
    const chosen = (companyId: string, billedOn?: string) => ({ ...schedules[0]!, smartBilling: {
      status: 'enabled' as const, companyId, companyName: companyId, ...(billedOn ? { lastBilled: { quantity: 3, at: new Date(billedOn) } } : {}) } });

    expect(chosenCompanyOf([chosen('co-old', '2026-04-01'), chosen('co-new', '2026-05-01')])?.companyId).toBe('co-new');
    expect(chosenCompanyOf([chosen('co-unbilled'), { ...schedules[1]!, smartBilling: { status: 'pending' } }])?.companyId).toBe('co-unbilled');
    expect(chosenCompanyOf([{ ...schedules[1]!, smartBilling: { status: 'pending' } }])).toBeUndefined();
  });
});
