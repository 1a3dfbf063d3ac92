import { calendarDateIn, longDateIn } from '../../domain/shared/calendar.js';
import { newOutboxEntry } from '../../domain/outbox/entry.js';
import { schedulesFor, type BillingSchedule } from '../../domain/billing/schedule.js';
import type { Practice } from '../../domain/practice/practice.js';
import type { Choice } from '../../domain/proposals/content.js';
import { withSmartBilling } from '../../domain/billing/carry-smart-billing.js';
import { accept, reference, type Accepted, type Proposal } from '../../domain/proposals/proposal.js';
import { err, ok, type Result } from '../../domain/shared/result.js';
import { notificationWrite } from '../outbox/writes.js';
import { acceptedCard } from './cards.js';
import type { Actor } from '../actor.js';
import type { ProposalDeps } from './deps.js';
import type { ProposalError } from './errors.js';
import { findProposal } from './lookup.js';

export const longDate = longDateIn;

/**
 * Records an acceptance and everything it causes in one transaction: the proposal saved over the
 * version read, its billing schedules, the audit line, the channel card and any writes to apps queued
 * in the outbox. A crash leaves all of it or none of it; the card is posted by the outbox drain, not
 * inside the client's request. Null when someone else saved the proposal first (nothing is written).
 */
export const recordAcceptance = async (d: ProposalDeps, practice: Practice, p: Accepted, actor: string): Promise<BillingSchedule[] | null> => {
  const settings = await d.smartBillings.listForProposal(p.practiceId, p.id);
  // Schedule ids derive from the proposal and line, so the same acceptance always gives the same schedules.
  const schedules = withSmartBilling(schedulesFor({
    practiceId: p.practiceId, proposalId: p.id, proposalNumber: p.number, clientId: p.clientId, snapshot: p.acceptance.snapshot,
    acceptedOn: calendarDateIn(p.acceptedAt, practice.timeZone), acceptedAt: p.acceptedAt,
  }, (line) => `${p.id}:${line.id}`), settings);
  const e = p.acceptance.evidence;
  const writes = [notificationWrite(p.practiceId, 'proposal.accepted', acceptedCard(p, schedules), p.id), ...((await d.writesOnAcceptance?.(p, schedules)) ?? [])];
  const saved = await d.transaction.run(async (tx) => {
    if (!(await tx.proposals.save(p))) return false;
    await tx.schedules.saveMany(schedules);
    await tx.audit.record({
      practiceId: p.practiceId, at: p.acceptedAt, actor, chat: e.method === 'client' ? 'web' : 'system', action: 'proposal.accepted',
      subject: reference(p), detail: {
        proposalId: p.id, tier: p.acceptance.snapshot.tier.name, addOns: p.acceptance.choice.addOnIds, method: e.method,
        signerName: e.signerName, contentSha256: e.contentSha256, ...(e.method === 'client' ? { ip: e.ip, userAgent: e.userAgent } : {}),
        schedules: schedules.length,
      },
    });
    for (const w of writes) await tx.outbox.enqueue(newOutboxEntry(w, d.ids.next(), p.acceptedAt));
    return true;
  });
  if (!saved) return null;
  await d.wakeOutbox();
  await d.wakeBilling?.();
  await d.wakeJobs?.(p);
  return schedules;
};

const byName = (names: string | undefined, from: readonly { id: string; name: string }[]) =>
  (names ?? '').split(',').map((n) => n.trim().toLowerCase()).filter(Boolean).map((n) => from.find((x) => x.name.toLowerCase() === n || x.id === n));

/** The firm accepts on the client's behalf (a signed paper copy, a phone call); shown as such everywhere. */
export const acceptInternally = async (
  d: ProposalDeps, actor: Actor, ref: string, pairs: Readonly<Record<string, string>>,
): Promise<Result<{ proposal: Accepted; schedules: BillingSchedule[] }, ProposalError>> => {
  const found = await findProposal(d, actor, ref);
  if (!found.ok) return found;
  const p: Proposal = found.value;
  const tiers = p.content.tiers;
  const tier = pairs.tier ? byName(pairs.tier, tiers)[0] : tiers.length === 1 ? tiers[0] : undefined;
  if (!tier) {
    return err(pairs.tier ? { kind: 'unknown-tier', tier: pairs.tier, known: tiers.map((t) => t.name) } : { kind: 'tier-needed', known: tiers.map((t) => t.name) });
  }
  const addOns = byName(pairs.addons, p.content.addOns);
  const missing = addOns.findIndex((a) => !a);
  if (missing >= 0) return err({ kind: 'unknown-add-on', id: (pairs.addons ?? '').split(',')[missing]!.trim() });
  const choice: Choice = { tierId: tier.id, addOnIds: addOns.map((a) => a!.id) };
  const now = d.clock.now();
  const accepted = accept(p, {
    choice, practiceName: actor.practice.name, date: longDate(now, actor.practice.timeZone),
    evidence: {
      method: 'internal', signerName: pairs.signer?.trim() || p.clientName, signedAt: now, acceptedBy: actor.user.displayName,
      contentSha256: d.hasher.sha256(JSON.stringify({ content: p.content, choice })),
    },
  }, now);
  if (!accepted.ok) return accepted;
  const schedules = await recordAcceptance(d, actor.practice, accepted.value, actor.user.displayName);
  return schedules ? ok({ proposal: accepted.value, schedules }) : err({ kind: 'conflict' });
};
