import { addLink, expire, isOpen, isPastExpiry, recordReminder, reference, revoke, send, type Proposal, type Revoked, type Sent } from '../../domain/proposals/proposal.js';
import { err, ok, type Result } from '../../domain/shared/result.js';
import { newOutboxEntry } from '../../domain/outbox/entry.js';
import type { Actor } from '../actor.js';
import type { ReplyTarget } from '../chat.js';
import { notificationWrite } from '../outbox/writes.js';
import { proposalThread, threadHome } from '../threads.js';
import { sentCard } from './cards.js';
import type { ProposalDeps } from './deps.js';
import { proposalLink } from './deps.js';
import type { ProposalError } from './errors.js';
import { findProposal, saveOver } from './lookup.js';

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const dayMs = 86_400_000;

export type SendOutcome = { proposal: Sent; link: string; emailedTo?: string; emailError?: string };

const invitation = (practiceName: string, p: Proposal, link: string, reminder: boolean) => ({
  subject: `${reminder ? 'Reminder: ' : ''}${practiceName} sent you a proposal: ${p.content.title}`,
  text: [
    `Hello ${p.clientName},`, '',
    reminder ? `A quick reminder that your proposal from ${practiceName} is waiting for you.` : `${practiceName} has prepared a proposal for you.`,
    `Open it here to review the options and sign online:`, link, '',
    'The link is personal to you; please do not forward it.',
  ].join('\n'),
});

export function createSendingUseCases(d: ProposalDeps) {
  const recipient = async (actor: Actor, p: Proposal, to?: string): Promise<Result<string | undefined, ProposalError>> => {
    if (to !== undefined) return emailPattern.test(to.trim()) ? ok(to.trim().toLowerCase()) : err({ kind: 'invalid-field', field: 'to', reason: `"${to}" is not an email address` });
    const client = await d.clients.get(actor.practice.id, p.clientId);
    if (client?.email) return ok(client.email);
    const contacts = await d.contacts.listForClient(actor.practice.id, p.clientId);
    return ok(contacts.find((c) => c.email)?.email);
  };
  const audit = (practiceId: Proposal['practiceId'], actor: string, action: string, p: Proposal, detail?: Record<string, unknown>) =>
    d.audit.record({ practiceId, at: d.clock.now(), actor, chat: 'system', action, subject: reference(p), detail: { proposalId: p.id, ...detail } });

  /**
   * Saves the sent proposal and, when it was sent from a conversation, queues the first post of its
   * thread there in the same transaction. The conversation becomes the thread's home first, so the
   * post and every later event of the proposal (viewed, accepted, invoiced, job created) find it.
   */
  const saveSent = async (actor: Actor, p: Sent, from: ReplyTarget | undefined): Promise<Result<Sent, ProposalError>> => {
    if (!from) return saveOver(d, p);
    const home = threadHome(from);
    if (home && d.threadHomes) await d.threadHomes.setHome(p.practiceId, proposalThread(p.id), home, d.clock.now());
    const saved = await d.transaction.run(async (tx) => {
      if (!(await tx.proposals.save(p))) return false;
      await tx.outbox.enqueue(newOutboxEntry(notificationWrite(p.practiceId, 'proposal.sent', sentCard(p, actor.user.displayName), p.id), d.ids.next(), d.clock.now()));
      return true;
    });
    if (!saved) return err({ kind: 'conflict' });
    await d.wakeOutbox();
    return ok(p);
  };

  return {
    /**
     * Issues the link, moves the draft to sent and emails it when a mailer is configured. `from` is the
     * conversation the command came from: the proposal's thread starts there.
     */
    async send(actor: Actor, ref: string, to?: string, from?: ReplyTarget): Promise<Result<SendOutcome, ProposalError>> {
      const found = await findProposal(d, actor, ref);
      if (!found.ok) return found;
      const email = await recipient(actor, found.value, to);
      if (!email.ok) return email;
      const { token, hash } = d.links.issue();
      const sent = send(found.value, { by: actor.user.displayName, now: d.clock.now(), linkHash: hash, ...(email.value ? { to: email.value } : {}) });
      if (!sent.ok) return sent;
      const saved = await saveSent(actor, sent.value, from);
      if (!saved.ok) return saved;
      const link = proposalLink(d, token);
      await audit(actor.practice.id, actor.user.displayName, 'proposal.sent', saved.value, { to: email.value ?? null, emailed: Boolean(d.mailer && email.value) });
      if (!d.mailer || !email.value) return ok({ proposal: saved.value, link });
      try {
        await d.mailer.send({ to: email.value, ...invitation(actor.practice.name, saved.value, link, false) });
        return ok({ proposal: saved.value, link, emailedTo: email.value });
      } catch {
        return ok({ proposal: saved.value, link, emailError: 'the email could not be sent; share the link yourself' });
      }
    },

    /** A fresh link for the firm to share when the first is lost; tokens are never kept, so it can't be re-shown. */
    async newLink(actor: Actor, ref: string): Promise<Result<{ proposal: Proposal; link: string }, ProposalError>> {
      const found = await findProposal(d, actor, ref);
      if (!found.ok) return found;
      const { token, hash } = d.links.issue();
      const next = addLink(found.value, d.clock.now(), hash);
      if (!next.ok) return next;
      const saved = await saveOver(d, next.value);
      if (!saved.ok) return saved;
      await audit(actor.practice.id, actor.user.displayName, 'proposal.link-issued', saved.value);
      return ok({ proposal: saved.value, link: proposalLink(d, token) });
    },

    async revoke(actor: Actor, ref: string): Promise<Result<Revoked, ProposalError>> {
      const found = await findProposal(d, actor, ref);
      if (!found.ok) return found;
      const revoked = revoke(found.value, actor.user.displayName, d.clock.now());
      if (!revoked.ok) return revoked;
      const saved = await saveOver(d, revoked.value);
      if (saved.ok) await audit(actor.practice.id, actor.user.displayName, 'proposal.revoked', saved.value);
      return saved;
    },

    /**
     * Emails a fresh link to clients who have not signed after `afterDays`, at most `maxCount` times.
     * Safe to run twice: the reminder is saved before the email goes, so a rerun finds it not yet due.
     */
    async sendReminders(): Promise<number> {
      if (!d.mailer) return 0;
      const now = d.clock.now();
      let sent = 0;
      for (const p of await d.proposals.listOpen()) {
        if (!isOpen(p) || !p.sentTo || isPastExpiry(p, now) || p.reminders >= d.reminders.maxCount) continue;
        if (now.getTime() - (p.lastReminderAt ?? p.sentAt).getTime() < d.reminders.afterDays * dayMs) continue;
        const { token, hash } = d.links.issue();
        const reminded = recordReminder(p, now, hash);
        if (!reminded.ok || !(await d.proposals.save(reminded.value))) continue;
        const practice = await d.practices.get(p.practiceId);
        await d.mailer.send({ to: p.sentTo, ...invitation(practice?.name ?? 'Your accountant', p, proposalLink(d, token), true) });
        await audit(p.practiceId, 'reminder job', 'proposal.reminded', p, { to: p.sentTo, count: reminded.value.reminders });
        sent++;
      }
      return sent;
    },

    /** Marks open proposals past their expiry as expired; running it again finds nothing to do. */
    async expireDue(): Promise<number> {
      const now = d.clock.now();
      let expired = 0;
      for (const p of await d.proposals.listOpen()) {
        const next = expire(p, now);
        if (!next.ok || !(await d.proposals.save(next.value))) continue;
        await audit(p.practiceId, 'expiry job', 'proposal.expired', p);
        expired++;
      }
      return expired;
    },
  };
}
export type SendingUseCases = ReturnType<typeof createSendingUseCases>;
