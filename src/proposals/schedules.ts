import { calendarDateIn } from '../../domain/shared/calendar.js';
import { markComplete, type BillingSchedule } from '../../domain/billing/schedule.js';
import { reference, type Proposal } from '../../domain/proposals/proposal.js';
import { err, ok, type Result } from '../../domain/shared/result.js';
import type { Actor } from '../actor.js';
import type { ProposalDeps } from './deps.js';
import type { ProposalError } from './errors.js';
import { findProposal } from './lookup.js';

export function createScheduleUseCases(d: ProposalDeps) {
  return {
    async forProposal(actor: Actor, ref: string): Promise<Result<{ proposal: Proposal; schedules: BillingSchedule[] }, ProposalError>> {
      const found = await findProposal(d, actor, ref);
      if (!found.ok) return found;
      const p = found.value;
      const order = p.status === 'accepted' ? [...p.acceptance.snapshot.lines, ...p.acceptance.snapshot.addOns].map((l) => l.id) : [];
      const schedules = (await d.schedules.listForProposal(actor.practice.id, p.id)).sort((a, b) => order.indexOf(a.line.id) - order.indexOf(b.line.id));
      return ok({ proposal: p, schedules });
    },

    /** Marks an on-completion service done, making its bill due. Names may be a unique prefix. */
    async complete(actor: Actor, ref: string, serviceName: string): Promise<Result<{ proposal: Proposal; schedule: BillingSchedule }, ProposalError>> {
      const found = await this.forProposal(actor, ref);
      if (!found.ok) return found;
      const { proposal, schedules } = found.value;
      const wanted = serviceName.trim().toLowerCase();
      const exact = schedules.filter((s) => s.line.name.toLowerCase() === wanted || s.id === serviceName);
      const matches = exact.length ? exact : schedules.filter((s) => s.line.name.toLowerCase().startsWith(wanted));
      if (!matches.length) {
        const waiting = schedules.filter((s) => s.kind === 'on-completion').map((s) => s.line.name);
        return err({ kind: 'not-found', what: 'service', ref: serviceName, hint: waiting.length ? `Services billed on completion: ${waiting.join(', ')}.` : `${reference(proposal)} has nothing billed on completion.` });
      }
      if (matches.length > 1) return err({ kind: 'ambiguous', what: 'schedule', ref: serviceName, matches: matches.map((s) => s.line.name) });
      const done = markComplete(matches[0]!, calendarDateIn(d.clock.now(), actor.practice.timeZone), actor.user.displayName);
      if (!done.ok) return done;
      await d.schedules.saveMany([done.value]);
      await d.wakeBilling?.();
      await d.audit.record({
        practiceId: actor.practice.id, at: d.clock.now(), actor: actor.user.displayName, chat: actor.user.identities[0]?.platform ?? 'system',
        action: 'service.completed', subject: reference(proposal), detail: { scheduleId: done.value.id, service: done.value.line.name },
      });
      return ok({ proposal, schedule: done.value });
    },
  };
}
export type ScheduleUseCases = ReturnType<typeof createScheduleUseCases>;
