import { calendarDateIn, longDateIn } from '../../domain/shared/calendar.js';
import { schedulesFor, type BillingSchedule } from '../../domain/billing/schedule.js';
import type { Practice } from '../../domain/practice/practice.js';
import type { Choice } from '../../domain/proposals/content.js';
import { withSmartBilling } from '../../domain/billing/carry-smart-billing.js';
import { accept, reference, type Accepted, type Proposal } from '../../domain/proposals/proposal.js';
import { err, ok, type Result } from '../../domain/shared/result.js';
import { acceptedCard } from './cards.js';
import type { Actor } from '../actor.js';
import type { ProposalDeps } from './deps.js';
import type { ProposalError } from './errors.js';
import { findProposal, saveOver } from './lookup.js';

export const longDate = longDateIn;

/**
 * What follows a recorded acceptance: billing schedules, the audit line and the channel card.
 * Schedule ids derive from the proposal and line, so running this twice (a retry after a crash)
 * rewrites the same schedules instead of adding more.
 */
export const afterAcceptance = async (d: ProposalDeps, practice: Practice, p: Accepted, actor: string): Promise<BillingSchedule[]> => {
  const settings = await d.smartBillings.listForProposal(p.practiceId, p.id);
  const schedules = withSmartBilling(schedulesFor({
    practiceId: p.practiceId, proposalId: p.id, proposalNumber: p.number, clientId: p.clientId, snapshot: p.acceptance.snapshot,
    acceptedOn: calendarDateIn(p.acceptedAt, practice.timeZone), acceptedAt: p.acceptedAt,
  }, (line) => `${p.id}:${line.id}`), settings);
  await d.schedules.saveMany(schedules);
  const e = p.acceptance.evidence;
  await d.audit.record({
    practiceId: p.practiceId, at: p.acceptedAt, actor, chat: e.method === 'client' ? 'web' : 'system', action: 'proposal.accepted',
    subject: reference(p), detail: {
      proposalId: p.id, tier: p.acceptance.snapshot.tier.name, addOns: p.acceptance.choice.addOnIds, method: e.method,
      signerName: e.signerName, contentSha256: e.contentSha256, ...(e.method === 'client' ? { ip: e.ip, userAgent: e.userAgent } : {}),
      schedules: schedules.length,
    },
  });
  await d.notifier.notify(p.practiceId, 'proposal.accepted', acceptedCard(p, schedules));
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
  const saved = await saveOver(d, accepted.value);
  if (!saved.ok) return saved;
  const schedules = await afterAcceptance(d, actor.practice, saved.value, actor.user.displayName);
  return ok({ proposal: saved.value, schedules });
};
