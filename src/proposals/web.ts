import { newOutboxEntry } from '../../domain/outbox/entry.js';
import type { Practice } from '../../domain/practice/practice.js';
import { decline, expire, isOpen, isPastExpiry, markViewed, reference, accept, type Accepted, type Declined, type Open, type Proposal } from '../../domain/proposals/proposal.js';
import { err, ok, type Result } from '../../domain/shared/result.js';
import type { Card } from '../cards.js';
import { notificationWrite } from '../outbox/writes.js';
import { longDate, recordAcceptance } from './accepting.js';
import { declinedCard, viewedCard } from './cards.js';
import type { ProposalDeps } from './deps.js';
import type { ProposalError } from './errors.js';

/** What the public page shows for a link. */
export type PageState =
  | { readonly kind: 'not-found' }
  | { readonly kind: 'open'; readonly proposal: Open; readonly practice: Practice }
  | { readonly kind: 'closed'; readonly proposal: Proposal; readonly practice: Practice };

export type WebSignature = {
  readonly tierId: string;
  readonly addOnIds: readonly string[];
  readonly signerName: string;
  readonly ip: string;
  readonly userAgent: string;
  /** SHA-256 of the exact proposal content the client was shown, computed by the web adapter. */
  readonly contentSha256: string;
  /** The HTML that hash covers. */
  readonly shownContent?: string;
};

type Found = { proposal: Proposal; practice: Practice } | null;
const notFound: ProposalError = { kind: 'not-found', what: 'proposal', ref: 'link' };

export function createWebUseCases(d: ProposalDeps) {
  const load = async (token: string): Promise<Found> => {
    if (!/^[A-Za-z0-9_-]{16,128}$/.test(token)) return null;
    const proposal = await d.proposals.findByLinkHash(d.links.hashOf(token));
    const practice = proposal ? await d.practices.get(proposal.practiceId) : null;
    return proposal && practice ? { proposal, practice } : null;
  };
  const auditEvent = (p: Proposal, action: string, detail?: Record<string, unknown>) => ({
    practiceId: p.practiceId, at: d.clock.now(), actor: 'client (web)', chat: 'web' as const, action, subject: reference(p), detail: { proposalId: p.id, ...detail },
  });
  const audit = (p: Proposal, action: string, detail?: Record<string, unknown>) => d.audit.record(auditEvent(p, action, detail));

  /**
   * A client's step on the page (viewed, declined): the proposal, its audit line and the firm's card
   * commit together, and the card is posted from the outbox, outside the client's request. False when
   * another save won.
   */
  const recordStep = async (p: Proposal, event: 'proposal.viewed' | 'proposal.declined', card: Card, detail?: Record<string, unknown>): Promise<boolean> => {
    const saved = await d.transaction.run(async (tx) => {
      if (!(await tx.proposals.save(p))) return false;
      await tx.audit.record(auditEvent(p, event, detail));
      await tx.outbox.enqueue(newOutboxEntry(notificationWrite(p.practiceId, event, card, p.id), d.ids.next(), d.clock.now()));
      return true;
    });
    if (saved) await d.wakeOutbox();
    return saved;
  };

  /** Expires a proposal found past its date, so the page and the firm agree it is closed. */
  const closeIfExpired = async (p: Proposal): Promise<Proposal> => {
    if (!isOpen(p) || !isPastExpiry(p, d.clock.now())) return p;
    const expired = expire(p, d.clock.now());
    if (expired.ok && (await d.proposals.save(expired.value))) {
      await audit(expired.value, 'proposal.expired');
      return expired.value;
    }
    return (await d.proposals.get(p.practiceId, p.id)) ?? p;
  };

  return {
    /**
     * Opening the link: the first open by a person records "viewed" and tells the firm. Link
     * previews (Slack, Teams, mail scanners) pass `byPerson: false` and change nothing.
     */
    async open(token: string, opts: { byPerson?: boolean } = {}): Promise<PageState> {
      const found = await load(token);
      if (!found) return { kind: 'not-found' };
      const current = await closeIfExpired(found.proposal);
      if (current.status === 'sent' && opts.byPerson !== false) {
        const viewed = markViewed(current, d.clock.now());
        if (viewed.ok && (await recordStep(viewed.value, 'proposal.viewed', viewedCard(viewed.value)))) {
          return { kind: 'open', proposal: viewed.value, practice: found.practice };
        }
        const again = await d.proposals.get(current.practiceId, current.id);
        if (again && isOpen(again)) return { kind: 'open', proposal: again, practice: found.practice };
        return again ? { kind: 'closed', proposal: again, practice: found.practice } : { kind: 'not-found' };
      }
      return isOpen(current) ? { kind: 'open', proposal: current, practice: found.practice } : { kind: 'closed', proposal: current, practice: found.practice };
    },

    /**
     * Records the client's signature exactly once: the store saves only over the version read, so of
     * two simultaneous submissions one wins and the other is told it is already accepted.
     */
    async accept(token: string, s: WebSignature): Promise<Result<{ proposal: Accepted; practice: Practice }, ProposalError>> {
      const found = await load(token);
      if (!found) return err(notFound);
      const current = await closeIfExpired(found.proposal);
      const now = d.clock.now();
      const accepted = accept(current, {
        choice: { tierId: s.tierId, addOnIds: s.addOnIds }, practiceName: found.practice.name, date: longDate(now, found.practice.timeZone),
        evidence: { method: 'client', signerName: s.signerName.trim().slice(0, 200), signedAt: now, ip: s.ip, userAgent: s.userAgent.slice(0, 500), contentSha256: s.contentSha256, ...(s.shownContent ? { shownContent: s.shownContent } : {}) },
      }, now);
      if (!accepted.ok) return accepted;
      if (!(await recordAcceptance(d, found.practice, accepted.value, `${accepted.value.acceptance.evidence.signerName} (client, web)`))) {
        const winner = await d.proposals.get(current.practiceId, current.id);
        return err(winner ? { kind: 'illegal-transition', from: winner.status, to: 'accepted', reason: `it is already ${winner.status}` } : notFound);
      }
      return ok({ proposal: accepted.value, practice: found.practice });
    },

    async decline(token: string, reason: string): Promise<Result<{ proposal: Declined; practice: Practice }, ProposalError>> {
      const found = await load(token);
      if (!found) return err(notFound);
      const current = await closeIfExpired(found.proposal);
      const declined = decline(current, reason, d.clock.now());
      if (!declined.ok) return declined;
      if (!(await recordStep(declined.value, 'proposal.declined', declinedCard(declined.value), { reason: declined.value.declineReason }))) return err({ kind: 'conflict' });
      return ok({ proposal: declined.value, practice: found.practice });
    },
  };
}
export type WebUseCases = ReturnType<typeof createWebUseCases>;
