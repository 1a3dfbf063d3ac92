import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../../domain/proposals/acceptance.js';
import { cloneAsDraft } from '../../../domain/proposals/draft.js';
import {
  accept, decline, editDraft, expire, markViewed, recordReminder, revoke, send,
  type Proposal, type ProposalStatus, type TransitionError,
} from '../../../domain/proposals/proposal.js';
import type { Result } from '../../../domain/shared/result.js';
import { draft } from '../../builders/proposals.js';

const t0 = new Date('2026-03-01T09:00:00Z');
const later = (days: number) => new Date(t0.getTime() + days * 86_400_000);
const evidence = (at = later(1)): Evidence => ({
  method: 'client', signerName: 'Jane Client', signedAt: at, ip: '203.0.113.9', userAgent: 'test', contentSha256: 'ab'.repeat(32),
});
const choice = { tierId: 't2', addOnIds: ['a1'] };
const acceptInput = { choice, evidence: evidence(), practiceName: 'Smith & Co', date: '2 March 2026' };

const must = <T>(r: Result<T, TransitionError>): T => {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
};

const sent = () => must(send(draft(), { by: 'Ann', now: t0, linkHash: 'h1', to: 'jane@acme.test' }));
const viewed = () => must(markViewed(sent(), later(1)));
const inState: Record<ProposalStatus, () => Proposal> = {
  draft: () => draft(),
  sent,
  viewed,
  accepted: () => must(accept(viewed(), acceptInput, later(2))),
  declined: () => must(decline(viewed(), 'Too dear', later(2))),
  expired: () => must(expire(sent(), later(15))),
  revoked: () => must(revoke(sent(), 'Ann', later(2))),
};

type Attempt = (p: Proposal) => Result<Proposal, TransitionError>;
const attempts: Record<string, Attempt> = {
  send: (p) => send(p, { by: 'Ann', now: later(2), linkHash: 'h2' }),
  view: (p) => markViewed(p, later(2)),
  accept: (p) => accept(p, { ...acceptInput, evidence: evidence(later(2)) }, later(2)),
  decline: (p) => decline(p, 'No', later(2)),
  expire: (p) => expire(p, later(20)),
  revoke: (p) => revoke(p, 'Ann', later(2)),
  edit: (p) => editDraft(p, p.content, later(2)),
};

const legal: Record<ProposalStatus, readonly string[]> = {
  draft: ['send', 'edit'],
  sent: ['view', 'accept', 'decline', 'expire', 'revoke'],
  viewed: ['accept', 'decline', 'expire', 'revoke'],
  accepted: [], declined: [], expired: [], revoked: [],
};

describe('proposal lifecycle', () => {
  const table = Object.entries(legal).flatMap(([from, allowed]) =>
    Object.keys(attempts).map((name) => [from as ProposalStatus, name, allowed.includes(name)] as const));

  it.each(table)('from %s, %s is legal: %s', (from, name, isLegal) => {
    const before = inState[from]();

    const result = attempts[name]!(before);

    expect(result.ok).toBe(isLegal);
    if (result.ok) {
      expect(result.value.version).toBe(before.version + 1);
      expect(result.value.updatedAt).toEqual(later(name === 'expire' ? 20 : 2));
    } else {
      expect(result.error).toMatchObject({ kind: 'illegal-transition', from, reason: expect.stringMatching(/can't|only drafts/) });
    }
  });

  it('timestamps every transition in the history with who made it', () => {
    const p = inState.accepted();

    expect(p.history.map((h) => [h.status, h.at.toISOString(), h.by])).toEqual([
      ['draft', t0.toISOString(), 'Ann'],
      ['sent', t0.toISOString(), 'Ann'],
      ['viewed', later(1).toISOString(), 'client (web)'],
      ['accepted', later(2).toISOString(), 'Jane Client'],
    ]);
  });

  it('sets the expiry from the proposal validity when sent', () => {
    const p = sent();

    expect(p.status === 'sent' && p.expiresAt).toEqual(later(14));
  });

  it('refuses to send a proposal with no services', () => {
    const empty = draft({ content: { ...draft().content, tiers: [] } });

    expect(send(empty, { by: 'Ann', now: t0, linkHash: 'h' })).toMatchObject({ ok: false, error: { kind: 'empty-proposal' } });
  });

  it.each([['accept', attempts.accept!], ['decline', attempts.decline!], ['view', attempts.view!]])(
    'refuses to %s once past the expiry date', (_n, attempt) => {
      const p = must(send(draft(), { by: 'Ann', now: later(-20), linkHash: 'h' }));

      expect(attempt(p)).toMatchObject({ ok: false, error: { kind: 'expired' } });
    });

  it('will not expire a proposal before its expiry date', () => {
    expect(expire(sent(), later(13))).toMatchObject({ ok: false, error: { kind: 'not-due' } });
  });

  it('refuses an unknown tier, an unknown add-on and a blank signature', () => {
    const p = viewed();

    expect(accept(p, { ...acceptInput, choice: { tierId: 'nope', addOnIds: [] } }, later(2))).toMatchObject({ ok: false, error: { kind: 'unknown-tier' } });
    expect(accept(p, { ...acceptInput, choice: { tierId: 't1', addOnIds: ['zz'] } }, later(2))).toMatchObject({ ok: false, error: { kind: 'unknown-add-on' } });
    expect(accept(p, { ...acceptInput, evidence: { ...evidence(), signerName: ' ' } }, later(2))).toMatchObject({ ok: false, error: { kind: 'invalid-signature' } });
  });

  it('adds a fresh link hash on a reminder and keeps the old ones', () => {
    const p = must(recordReminder(sent(), later(3), 'h2'));

    expect(p.status === 'sent' && [p.linkHashes, p.reminders]).toEqual([['h1', 'h2'], 1]);
  });
});

describe('accepted snapshot', () => {
  it('records the chosen tier, add-ons, merged terms and exact totals', () => {
    const p = inState.accepted();

    if (p.status !== 'accepted') throw new Error('not accepted');
    const s = p.acceptance.snapshot;
    expect(s.tier).toEqual({ id: 't2', name: 'Silver' });
    expect(s.addOns.map((a) => a.id)).toEqual(['a1']);
    expect(s.totals.oneOff.low).toEqual({ net: 145000, vat: 29000, gross: 174000 });
    expect(s.totals.recurring.monthly?.low).toEqual({ net: 40000, vat: 8000, gross: 48000 });
    expect(s.terms).toBe('Between Acme Ltd and Smith & Co on 2 March 2026: £1,740.00 on acceptance and £480.00 a month, including VAT.');
  });

  it('is frozen: changing any part of it throws and changes nothing', () => {
    const p = inState.accepted();
    if (p.status !== 'accepted') throw new Error('not accepted');

    expect(() => { (p.acceptance.snapshot.totals.oneOff.low as { gross: number }).gross = 1; }).toThrow(TypeError);
    expect(() => { (p.acceptance.snapshot.lines as unknown as unknown[]).push({}); }).toThrow(TypeError);
    expect(() => { (p as { clientName: string }).clientName = 'Other'; }).toThrow(TypeError);
    expect(p.acceptance.snapshot.totals.oneOff.low.gross).toBe(174000);
  });

  it('is changed only by cloning into a new draft, which leaves the original untouched', () => {
    const p = inState.accepted();

    const copy = cloneAsDraft(p, { id: 'p2' as Proposal['id'], number: 2, by: 'Bob' }, later(5));

    expect(copy).toMatchObject({ status: 'draft', number: 2, version: 1, clientName: 'Acme Ltd' });
    expect(copy.history[0]?.note).toBe('cloned from P-1');
    expect(p.status).toBe('accepted');
  });
});
