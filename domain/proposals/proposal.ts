import type { ClientId, Id, PracticeId } from '../shared/ids.js';
import { err, ok, type Result } from '../shared/result.js';
import { deepFreeze, type Acceptance, type Evidence } from './acceptance.js';
import { chosenLines, mergedContent, tierTotals, type Choice, type ContentError, type ProposalContent } from './content.js';
import { termsValues } from './terms.js';

export type ProposalId = Id<'Proposal'>;
export type ProposalStatus = 'draft' | 'sent' | 'viewed' | 'accepted' | 'declined' | 'expired' | 'revoked';
export type Transition = { readonly status: ProposalStatus; readonly at: Date; readonly by: string; readonly note?: string };

type Base = {
  readonly id: ProposalId;
  readonly practiceId: PracticeId;
  /** Shown to people as P-12; unique within the practice. */
  readonly number: number;
  readonly clientId: ClientId;
  readonly clientName: string;
  readonly currency: string;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** Bumped by every change; stores save only over the version they read, so two racing accepts can't both win. */
  readonly version: number;
  readonly content: ProposalContent;
  readonly history: readonly Transition[];
};

type SentInfo = {
  readonly sentAt: Date;
  readonly sentBy: string;
  readonly expiresAt: Date;
  readonly sentTo?: string;
  /** SHA-256 hashes of every link issued (first send and reminders); the tokens themselves are never kept. */
  readonly linkHashes: readonly string[];
  readonly reminders: number;
  readonly lastReminderAt?: Date;
  readonly viewedAt?: Date;
};

export type Draft = Base & { readonly status: 'draft' };
export type Sent = Base & SentInfo & { readonly status: 'sent' };
export type Viewed = Base & SentInfo & { readonly status: 'viewed'; readonly viewedAt: Date };
export type Accepted = Base & SentInfo & { readonly status: 'accepted'; readonly acceptedAt: Date; readonly acceptance: Acceptance };
export type Declined = Base & SentInfo & { readonly status: 'declined'; readonly declinedAt: Date; readonly declineReason: string };
export type Expired = Base & SentInfo & { readonly status: 'expired'; readonly expiredAt: Date };
export type Revoked = Base & SentInfo & { readonly status: 'revoked'; readonly revokedAt: Date; readonly revokedBy: string };
export type Proposal = Draft | Sent | Viewed | Accepted | Declined | Expired | Revoked;
export type Open = Sent | Viewed;

export type TransitionError =
  | { kind: 'illegal-transition'; from: ProposalStatus; to: ProposalStatus; reason: string }
  | { kind: 'expired'; expiredAt: Date }
  | { kind: 'not-due'; expiresAt: Date }
  | { kind: 'empty-proposal'; reason: string }
  | { kind: 'invalid-signature'; reason: string }
  | ContentError;

const why: Record<ProposalStatus, string> = {
  draft: 'it has not been sent yet',
  sent: 'it is waiting for the client',
  viewed: 'the client has opened it and may still sign',
  accepted: 'it has been accepted and is now frozen',
  declined: 'the client declined it',
  expired: 'it expired',
  revoked: 'it was revoked',
};

const illegal = (p: Proposal, to: ProposalStatus) =>
  err<TransitionError>({ kind: 'illegal-transition', from: p.status, to, reason: `it can't be ${to}: ${why[p.status]}` });

const closed = (p: Proposal) =>
  err<TransitionError>({ kind: 'illegal-transition', from: p.status, to: p.status, reason: `it takes no more signatures: ${why[p.status]}` });

const step = (p: Proposal, status: ProposalStatus, now: Date, by: string, note?: string) => ({
  version: p.version + 1,
  updatedAt: now,
  history: [...p.history, { status, at: now, by, ...(note ? { note } : {}) }],
});

export const isOpen = (p: Proposal): p is Open => p.status === 'sent' || p.status === 'viewed';
export const isPastExpiry = (p: Open, now: Date): boolean => now.getTime() >= p.expiresAt.getTime();
export const reference = (p: Pick<Proposal, 'number'>): string => `P-${p.number}`;

/** The proposal as a draft that may be edited, or why it may not: checked before anything else a drafting verb does. */
export const editable = (p: Proposal): Result<Draft, TransitionError> =>
  p.status === 'draft'
    ? ok(p)
    : err({ kind: 'illegal-transition', from: p.status, to: 'draft', reason: `only drafts can be edited: ${why[p.status]}; clone it to make changes` });

export const editDraft = (p: Proposal, content: ProposalContent, now: Date): Result<Draft, TransitionError> => {
  const draft = editable(p);
  return draft.ok ? ok({ ...draft.value, content, version: p.version + 1, updatedAt: now }) : draft;
};

const dayMs = 86_400_000;

export const send = (
  p: Proposal, s: { by: string; now: Date; linkHash: string; to?: string },
): Result<Sent, TransitionError> => {
  if (p.status !== 'draft') return illegal(p, 'sent');
  const empty = !p.content.tiers.some((t) => t.lines.length);
  if (empty) return err({ kind: 'empty-proposal', reason: 'add at least one service before sending' });
  return ok({
    ...p, ...step(p, 'sent', s.now, s.by, s.to), status: 'sent',
    sentAt: s.now, sentBy: s.by, expiresAt: new Date(s.now.getTime() + p.content.validDays * dayMs),
    ...(s.to ? { sentTo: s.to } : {}), linkHashes: [s.linkHash], reminders: 0,
  });
};

/** The first open of the link moves sent → viewed; later opens change nothing (and are refused here). */
export const markViewed = (p: Proposal, now: Date): Result<Viewed, TransitionError> => {
  if (p.status !== 'sent') return illegal(p, 'viewed');
  if (isPastExpiry(p, now)) return err({ kind: 'expired', expiredAt: p.expiresAt });
  return ok({ ...p, ...step(p, 'viewed', now, 'client (web)'), status: 'viewed', viewedAt: now });
};

/** A reminder adds a fresh link (kept as a hash) rather than replacing one, so older emails still work. */
export const recordReminder = (p: Proposal, now: Date, linkHash: string): Result<Open, TransitionError> => {
  if (!isOpen(p)) return closed(p);
  if (isPastExpiry(p, now)) return err({ kind: 'expired', expiredAt: p.expiresAt });
  return ok({ ...p, version: p.version + 1, updatedAt: now, reminders: p.reminders + 1, lastReminderAt: now, linkHashes: [...p.linkHashes, linkHash] });
};

/** Another link to the same open proposal (the first was lost); earlier links keep working. */
export const addLink = (p: Proposal, now: Date, linkHash: string): Result<Open, TransitionError> => {
  if (!isOpen(p)) return closed(p);
  if (isPastExpiry(p, now)) return err({ kind: 'expired', expiredAt: p.expiresAt });
  return ok({ ...p, version: p.version + 1, updatedAt: now, linkHashes: [...p.linkHashes, linkHash] });
};

export type AcceptInput = { readonly choice: Choice; readonly evidence: Evidence; readonly practiceName: string; readonly date: string };

export const accept = (p: Proposal, a: AcceptInput, now: Date): Result<Accepted, TransitionError> => {
  if (!isOpen(p)) return illegal(p, 'accepted');
  if (isPastExpiry(p, now)) return err({ kind: 'expired', expiredAt: p.expiresAt });
  if (a.evidence.signerName.trim().length < 2) return err({ kind: 'invalid-signature', reason: 'type your full name to sign' });
  const chosen = chosenLines(p.content, a.choice);
  if (!chosen.ok) return chosen;
  const { tier, addOns } = chosen.value;
  const totals = tierTotals(tier, addOns);
  const { coverLetter, terms } = mergedContent(p.content, termsValues({
    clientName: p.clientName, practiceName: a.practiceName, date: a.date, currency: p.currency,
    options: [{ name: tier.name, totals }],
  }));
  const acceptance: Acceptance = deepFreeze({
    choice: { tierId: tier.id, addOnIds: addOns.map((l) => l.id) },
    evidence: a.evidence,
    snapshot: {
      title: p.content.title, coverLetter, clientName: p.clientName,
      practiceName: a.practiceName, currency: p.currency, tier: { id: tier.id, name: tier.name },
      lines: tier.lines, addOns, totals, terms,
    },
  });
  const by = a.evidence.method === 'client' ? a.evidence.signerName : `${a.evidence.acceptedBy} for the client`;
  return ok(deepFreeze({ ...p, ...step(p, 'accepted', now, by, tier.name), status: 'accepted' as const, acceptedAt: now, acceptance }));
};

export const decline = (p: Proposal, reason: string, now: Date): Result<Declined, TransitionError> => {
  if (!isOpen(p)) return illegal(p, 'declined');
  if (isPastExpiry(p, now)) return err({ kind: 'expired', expiredAt: p.expiresAt });
  const note = reason.trim().slice(0, 2000);
  return ok({ ...p, ...step(p, 'declined', now, 'client (web)', note), status: 'declined', declinedAt: now, declineReason: note });
};

export const expire = (p: Proposal, now: Date): Result<Expired, TransitionError> => {
  if (!isOpen(p)) return illegal(p, 'expired');
  if (!isPastExpiry(p, now)) return err({ kind: 'not-due', expiresAt: p.expiresAt });
  return ok({ ...p, ...step(p, 'expired', now, 'system'), status: 'expired', expiredAt: now });
};

export const revoke = (p: Proposal, by: string, now: Date): Result<Revoked, TransitionError> => {
  if (!isOpen(p)) return illegal(p, 'revoked');
  return ok({ ...p, ...step(p, 'revoked', now, by), status: 'revoked', revokedAt: now, revokedBy: by });
};
