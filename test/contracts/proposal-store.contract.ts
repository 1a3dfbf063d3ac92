import { beforeEach, describe, expect, it } from 'vitest';
import type { BillingScheduleStore } from '../../domain/billing/ports.js';
import { markComplete, schedulesFor, type BillingSchedule, type ScheduleId } from '../../domain/billing/schedule.js';
import type { ProposalStore, ServiceStore, TemplateStore } from '../../domain/proposals/ports.js';
import { accept, markViewed, recordReminder, revoke, send, type Proposal, type ProposalId } from '../../domain/proposals/proposal.js';
import type { Service, ServiceId } from '../../domain/proposals/service.js';
import type { TemplateId } from '../../domain/proposals/templates.js';
import { asId } from '../../domain/shared/ids.js';
import type { Result } from '../../domain/shared/result.js';
import { draft, vat20 } from '../builders/proposals.js';

export type ProposalStores = { proposals: ProposalStore; services: ServiceStore; templates: TemplateStore; schedules: BillingScheduleStore };

const t0 = new Date('2026-03-01T09:00:00Z');
const A = asId<'Practice'>('practice-a');
const B = asId<'Practice'>('practice-b');
const must = <T>(r: Result<T, unknown>): T => { if (!r.ok) throw new Error(JSON.stringify(r.error)); return r.value; };
const sentDraft = (over = {}) => must(send(draft({ practiceId: A, ...over }), { by: 'Ann', now: t0, linkHash: 'hash-1', to: 'jane@acme.test' }));
const accepted = () => must(accept(must(markViewed(sentDraft(), new Date('2026-03-02T09:00:00Z'))), {
  choice: { tierId: 't3', addOnIds: ['a2'] }, practiceName: 'Smith & Co', date: '3 March 2026',
  evidence: { method: 'client', signerName: 'Jane', signedAt: new Date('2026-03-03T09:00:00Z'), ip: '203.0.113.1', userAgent: 'UA', contentSha256: 'c'.repeat(64) },
}, new Date('2026-03-03T09:00:00Z')));

const service = (id: string, name: string, archived = false): Service => ({
  id: id as ServiceId, practiceId: A, name, description: 'd', currency: 'GBP', price: { kind: 'per-unit', unitLabel: 'employee', unitPrice: 1200, minimum: 6000 },
  billing: { kind: 'recurring', frequency: 'monthly', start: { kind: 'on-date', date: '2026-04-01' }, end: { kind: 'after', occurrences: 12 } },
  taxRate: vat20, taxMode: 'inclusive', included: false, ledgerAccount: '4000', archived, createdAt: t0, updatedAt: t0,
});

/** One behaviour for the in-memory fakes and the MikroORM stores. */
export function proposalStoreContract(name: string, open: () => Promise<ProposalStores>): void {
  describe(`${name}: proposal stores`, () => {
    let s: ProposalStores;
    beforeEach(async () => { s = await open(); });

    it('round-trips every lifecycle state exactly', async () => {
      const states: Proposal[] = [draft({ practiceId: A })];
      states.push(sentDraft());
      states.push(must(markViewed(states[1]!, new Date('2026-03-02T09:00:00Z'))));
      states.push(must(recordReminder(states[2]!, new Date('2026-03-04T09:00:00Z'), 'hash-2')));
      states.push(must(revoke(states[3]!, 'Bob', new Date('2026-03-05T09:00:00Z'))));

      const seen: unknown[] = [];
      for (const p of states) {
        expect(await s.proposals.save(p)).toBe(true);
        seen.push(await s.proposals.get(A, p.id));
      }

      expect(seen).toEqual(states);
    });

    it('keeps an accepted proposal and its evidence exact and frozen', async () => {
      const p = accepted();
      await s.proposals.save(draft({ practiceId: A }));
      await s.proposals.save(sentDraft());
      await s.proposals.save(must(markViewed(sentDraft(), new Date('2026-03-02T09:00:00Z'))));

      expect(await s.proposals.save(p)).toBe(true);
      const back = await s.proposals.get(A, p.id);

      expect(back).toEqual(p);
      expect(Object.isFrozen(back!.status === 'accepted' && back!.acceptance.snapshot.totals)).toBe(true);
    });

    it('refuses a save over a stale version, and a second version 1 for the same id or number', async () => {
      const d = draft({ practiceId: A });
      await s.proposals.save(d);

      const stale = await s.proposals.save({ ...d, version: 3 });
      const again = await s.proposals.save(d);
      const sameNumber = await s.proposals.save({ ...d, id: 'other' as ProposalId });
      const next = await s.proposals.save({ ...d, version: 2, clientName: 'Renamed' });

      expect([stale, again, sameNumber, next]).toEqual([false, false, false, true]);
      expect((await s.proposals.get(A, d.id))?.clientName).toBe('Renamed');
    });

    it('finds by number and by any issued link hash, and never across practices', async () => {
      await s.proposals.save(draft({ practiceId: A }));
      await s.proposals.save(sentDraft());
      await s.proposals.save(must(recordReminder(sentDraft(), new Date('2026-03-02T09:00:00Z'), 'hash-2')));

      expect((await s.proposals.findByNumber(A, 1))?.id).toBe('p1');
      expect(await s.proposals.findByNumber(B, 1)).toBeNull();
      expect(await s.proposals.get(B, 'p1' as ProposalId)).toBeNull();
      expect((await s.proposals.findByLinkHash('hash-1'))?.id).toBe('p1');
      expect((await s.proposals.findByLinkHash('hash-2'))?.id).toBe('p1');
      expect(await s.proposals.findByLinkHash('nope')).toBeNull();
    });

    it('lists newest first by status and author, lists open ones, and numbers per practice', async () => {
      await s.proposals.save(draft({ practiceId: A }));
      await s.proposals.save(draft({ practiceId: A, id: 'p2' as ProposalId, number: 2, updatedAt: new Date('2026-03-09T00:00:00Z'), createdBy: 'Bob' }));
      await s.proposals.save(draft({ practiceId: B, id: 'p3' as ProposalId, number: 1 }));
      await s.proposals.save(sentDraft());

      expect((await s.proposals.list(A)).map((p) => p.id)).toEqual(['p2', 'p1']);
      expect((await s.proposals.list(A, { status: 'draft' })).map((p) => p.id)).toEqual(['p2']);
      expect((await s.proposals.list(A, { createdBy: 'Bob', limit: 1 })).map((p) => p.id)).toEqual(['p2']);
      expect((await s.proposals.listOpen()).map((p) => p.id)).toEqual(['p1']);
      expect([await s.proposals.nextNumber(A), await s.proposals.nextNumber(B), await s.proposals.nextNumber(asId('none'))]).toEqual([3, 2, 1]);
    });

    it('stores services with every field, lists active ones by name, archived on request', async () => {
      await s.services.save(service('s2', 'Payroll'));
      await s.services.save(service('s1', 'Accounts'));
      await s.services.save(service('s3', 'Old', true));

      expect(await s.services.get(A, 's2' as ServiceId)).toEqual(service('s2', 'Payroll'));
      expect(await s.services.get(B, 's2' as ServiceId)).toBeNull();
      expect((await s.services.list(A)).map((x) => x.name)).toEqual(['Accounts', 'Payroll']);
      expect((await s.services.list(A, { includeArchived: true })).map((x) => x.name)).toEqual(['Accounts', 'Old', 'Payroll']);
    });

    it('stores templates per practice by key, replacing on save', async () => {
      const t = { id: 'tp1' as TemplateId, practiceId: A, key: 'monthly', name: 'Monthly', perEmployee: false, content: draft().content };
      await s.templates.save(A, t);
      await s.templates.save(A, { ...t, name: 'Monthly books' });

      expect(await s.templates.findByKey(A, 'monthly')).toEqual({ ...t, name: 'Monthly books' });
      expect(await s.templates.findByKey(B, 'monthly')).toBeNull();
      expect(await s.templates.list(A)).toHaveLength(1);
    });

    it('saves billing schedules idempotently and finds them by proposal and client', async () => {
      const p = accepted();
      if (p.status !== 'accepted') throw new Error('setup');
      const schedules = schedulesFor({ practiceId: A, proposalId: p.id, proposalNumber: 1, clientId: p.clientId, snapshot: p.acceptance.snapshot,
        acceptedOn: '2026-03-03', acceptedAt: p.acceptedAt }, (l) => `${p.id}:${l.id}`);
      await s.schedules.saveMany(schedules);
      await s.schedules.saveMany(schedules);
      const done = must(markComplete(schedules.find((x) => x.kind === 'on-completion')!, '2026-04-01', 'Ann'));
      await s.schedules.saveMany([done]);

      const byId = (xs: readonly { id: string }[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
      const expected = byId(schedules.map((x) => (x.id === done.id ? done : x)));
      expect(byId(await s.schedules.listForProposal(A, p.id))).toEqual(expected);
      expect(byId(await s.schedules.listForClient(A, p.clientId))).toEqual(expected);
      expect(await s.schedules.listForProposal(B, p.id)).toEqual([]);
      expect(await s.schedules.get(A, done.id)).toEqual(done);
    });

    it('lists the schedules that may still bill: due one-offs and active recurring ones', async () => {
      const p = accepted();
      if (p.status !== 'accepted') throw new Error('setup');
      const schedules = schedulesFor({ practiceId: A, proposalId: p.id, proposalNumber: 1, clientId: p.clientId, snapshot: p.acceptance.snapshot,
        acceptedOn: '2026-03-03', acceptedAt: p.acceptedAt }, (l) => `${p.id}:${l.id}`);
      const of = (kind: string) => schedules.find((x) => x.kind === kind)!;
      const completed = must(markComplete(of('on-completion'), '2026-04-01', 'Ann'));
      const ended = { ...of('recurring'), id: `${p.id}:ended` as ScheduleId, status: 'ended' } as BillingSchedule;
      await s.schedules.saveMany([{ ...of('upfront'), status: 'invoiced' } as BillingSchedule, completed, of('recurring'), ended]);

      const billable = (await s.schedules.listBillable(A)).map((x) => x.id).sort();

      expect(billable).toEqual([completed.id, of('recurring').id].sort());
      expect(await s.schedules.listBillable(B)).toEqual([]);
    });
  });
}
